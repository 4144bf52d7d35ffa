import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { entitiesFileJsonSchema, sourceFileJsonSchema } from "../../src/facts/source-file";
import { FIXTURES } from "../helpers";

const ROOT = path.resolve(__dirname, "..", "..");
const SCHEMAS = {
  "source.schema.json": sourceFileJsonSchema,
  "entities.schema.json": entitiesFileJsonSchema,
} as const;

/** Every YAML file under fixtures/, relative to it. */
function yamlFiles(dir = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(path.join(dir, entry.name)) : entry.name.endsWith(".yaml") ? [path.join(dir, entry.name)] : [],
  );
}

const validator = (name: keyof typeof SCHEMAS) =>
  new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(path.join(ROOT, "schema", name), "utf8")));

describe("the fixture files' JSON Schemas", () => {
  it.each(Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[])("schema/%s is what the zod schemas generate (npm run schema)", (name) => {
    expect(readFileSync(path.join(ROOT, "schema", name), "utf8")).toBe(SCHEMAS[name]());
  });

  it("is named by the first line of every YAML fixture, so an editor checks it as it is typed", () => {
    const files = yamlFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const first = readFileSync(file, "utf8").split("\n")[0]!;
      const named = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
      const expected = path.basename(file) === "entities.yaml" ? "entities.schema.json" : "source.schema.json";
      expect(named && path.resolve(path.dirname(file), named), file).toBe(path.join(ROOT, "schema", expected));
    }
  });

  it("accepts the shipped files as written, and refuses what start-up refuses in a field's shape", () => {
    const source = validator("source.schema.json");
    const entities = validator("entities.schema.json");
    const article = parse(readFileSync(path.join(FIXTURES, "sources", "raisi-venezuela-2023", "source.yaml"), "utf8"));
    expect(source(article), JSON.stringify(source.errors)).toBe(true);
    expect(entities(parse(readFileSync(path.join(FIXTURES, "entities.yaml"), "utf8"))), JSON.stringify(entities.errors)).toBe(true);

    article.visits["raisi-cuba-2023"].status = "DONE";
    article.visits["raisi-cuba-2023"].citations[0].source = "raisi-venezuela-2023";
    article.leaders["Nicolas Maduro"] = {};
    expect(source(article)).toBe(false);
    expect(source.errors!.map((e) => e.instancePath).sort()).toEqual(
      expect.arrayContaining(["/visits/raisi-cuba-2023/citations/0", "/visits/raisi-cuba-2023/status"]),
    );
    expect(source.errors!.some((e) => e.keyword === "propertyNames")).toBe(true);
  });
});

describe("npm run fixtures:check", () => {
  const cli = path.join(ROOT, "dist", "scripts", "check-fixtures.js");

  it("says the fixtures are valid, or lists each problem with its file, line and column, exit 1", () => {
    const ok = spawnSync(process.execPath, [cli, FIXTURES], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^fixtures ok: .*: 1 sources, 7 countries, /);
    const dir = mkdtempSync(path.join(tmpdir(), "newsfacts-check-"));
    try {
      cpSync(FIXTURES, path.join(dir, "fixtures"), { recursive: true });
      const entities = path.join(dir, "fixtures", "entities.yaml");
      writeFileSync(entities, readFileSync(entities, "utf8").replace("code: VE", "code: ve"));
      const bad = spawnSync(process.execPath, [cli, path.join(dir, "fixtures")], { encoding: "utf8" });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toBe(
        '1 fixture problem:\n  fixtures/entities.yaml:7:5 $.countries.venezuela.code: an ISO 3166-1 alpha-2 code, e.g. "VE"\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
