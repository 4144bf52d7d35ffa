/**
 * Fixture files are read by js-yaml where it can (start-up reads every source file), and by the
 * `yaml` package otherwise: both must give the same data for every file we ship or test with, and
 * what the fast path leaves out (anchors, a key given twice, a syntax error) must still be read, or
 * refused, by the `yaml` package's rules.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readStructuredFile } from "../../src/facts/structured-file";

const ROOT = path.resolve(__dirname, "..", "..");

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return name.endsWith(".yaml") ? [file] : [];
  });
}

const temp = mkdtempSync(path.join(tmpdir(), "newsfacts-yaml-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function written(text: string): string {
  const file = path.join(temp, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe("reading a fixture file", () => {
  const files = [...yamlFiles(path.join(ROOT, "fixtures")), ...yamlFiles(path.join(ROOT, "test", "fixtures"))];

  it.each(files.map((file) => [path.relative(ROOT, file), file]))("%s reads as the yaml package reads it", (_name, file) => {
    const read = readStructuredFile(file, Number.POSITIVE_INFINITY);
    expect(read.problem).toBeUndefined();
    expect(read.data).toStrictEqual(parse(readFileSync(file, "utf8"), { uniqueKeys: true, maxAliasCount: 100 }));
  });

  it("keeps dates and YAML 1.2's words as the core schema reads them: strings, not Dates or booleans", () => {
    const read = readStructuredFile(written("iso: 2023-06-12\nanswer: yes\nnone: ~\nhex: 0x1F\n"), 1e6);
    expect(read.data).toStrictEqual({ iso: "2023-06-12", answer: "yes", none: null, hex: 31 });
  });

  it("refuses a key given twice and a syntax error with the yaml package's words and place", () => {
    expect(readStructuredFile(written("a: 1\nb: 2\na: 3\n"), 1e6)).toMatchObject({
      problem: expect.stringMatching(/^not valid YAML: Map keys must be unique/),
      position: { line: 3, column: 1 },
    });
    expect(readStructuredFile(written("a: [unclosed\n"), 1e6)).toMatchObject({ problem: expect.stringMatching(/^not valid YAML: /) });
  });

  it("refuses aliases that expand past a bound, as a problem of the file", () => {
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    expect(readStructuredFile(written(`${laughs.join("\n")}\n`), 1e6)).toEqual({
      problem: "not valid YAML: Excessive alias count indicates a resource exhaustion attack",
    });
    // A few aliases are read, expanded.
    expect(readStructuredFile(written("a: &x [1, 2]\nb: *x\n"), 1e6).data).toStrictEqual({ a: [1, 2], b: [1, 2] });
  });
});
