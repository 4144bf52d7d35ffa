/** Fixture problems of people: each names the file, the line and the reason. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FixtureError, loadFacts } from "../../src/facts/load";
import { FIXTURES } from "../helpers";

const SOURCE = "sources/raisi-venezuela-2023/source.yaml";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixtures with `people` declared in the identity file and `statements` appended to the article's source file. */
function withPeople(declared: string, stated: string): { dir: string; lines: string[] } {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-people-")), "fixtures");
  temps.push(path.dirname(dir));
  cpSync(FIXTURES, dir, { recursive: true });
  writeFileSync(path.join(dir, "entities.yaml"), `${readFileSync(path.join(dir, "entities.yaml"), "utf8")}${declared}`);
  const source = `${readFileSync(path.join(dir, SOURCE), "utf8")}${stated}`;
  writeFileSync(path.join(dir, SOURCE), source);
  return { dir, lines: source.split("\n") };
}

function problems(dir: string) {
  try {
    loadFacts(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureError);
    return (err as FixtureError).issues;
  }
  throw new Error("fixtures were accepted");
}

const CITED = `    citations:
      - sentence: 2
        quote: welcomed in Caracas by Foreign Minister Yvan Gil
`;

describe("people in the fixtures", () => {
  it("refuses a person with neither a name nor a description, at the statement, naming what to give", () => {
    const { dir, lines } = withPeople("people:\n  a-spokesman:\n", `people:\n  a-spokesman:\n${CITED}`);
    expect(problems(dir)).toEqual([
      {
        file: `fixtures/${SOURCE}`,
        path: '$.people["a-spokesman"].description',
        reason: 'a person the source does not name needs a description in its words, e.g. "a ministry official"',
        line: lines.indexOf("  a-spokesman:") + 1,
        column: 3,
      },
    ]);
  });

  it("refuses a role whose affiliation is an organization no one declared, at the line that names it", () => {
    const { dir, lines } = withPeople(
      "people:\n  a-spokesman:\n",
      `people:
  a-spokesman:
    description: a spokesman
    roles:
      - title: spokesman
        affiliation: ministry-of-nowhere
${CITED.replace(/^/gm, "    ").replace(/^ {4}$/m, "")}${CITED}`,
    );
    expect(problems(dir)).toEqual([
      {
        file: `fixtures/${SOURCE}`,
        path: '$.people["a-spokesman"].roles[0].affiliation',
        reason: 'unknown organizations id "ministry-of-nowhere" (declare it in the identity file, entities.yaml)',
        line: lines.indexOf("        affiliation: ministry-of-nowhere") + 1,
        column: 9,
      },
    ]);
  });

  it("refuses a person declared under a leader's id: the leader is that person already", () => {
    const { dir } = withPeople("people:\n  yvan-gil:\n", `people:\n  yvan-gil:\n    name: Yvan Gil\n${CITED}`);
    expect(problems(dir)).toEqual([
      expect.objectContaining({
        file: "fixtures/entities.yaml",
        path: '$.people["yvan-gil"]',
        reason: '"yvan-gil" is declared a leader, and every leader is a person already: declare them once, as a leader',
      }),
    ]);
  });
});
