/**
 * `npm run source:new` (the built tool): a test article is drafted into a copy of the fixtures,
 * an analyst's edits are applied as data (uncommenting drafts, adding facts), and the result
 * loads through start-up's validation with the drafted dates.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { loadFacts } from "../../src/facts/load";
import { FIXTURES } from "../helpers";

const SCRIPT = path.resolve(__dirname, "..", "..", ".tools", "build", "tools", "source-new.js");
const ARTICLE = path.resolve(__dirname, "..", "fixtures", "drafting", "minister-visit.txt");

/** A copy of the served fixtures to draft into; removed after the tests. */
function fixturesCopy(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-source-new-")), "fixtures");
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(path.dirname(dir), { recursive: true, force: true });
});

/** The JSON Schema an editor checks a source file with, as the draft names it. */
const editorSchema = new Ajv2020({ strict: false, allErrors: true }).compile(
  JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "schema", "source.schema.json"), "utf8")),
);

const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });

/** The analyst's uncommenting: the lines under a comment header, up to the blank line after it, without their "# ". */
function uncommentBlock(text: string, header: RegExp): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => header.test(line));
  expect(start).toBeGreaterThanOrEqual(0);
  for (let i = start + 1; i < lines.length && lines[i] !== ""; i++) lines[i] = lines[i]!.replace(/^# ?/, "");
  return lines.join("\n");
}

/** The date the draft gives for a sentence, as the analyst would paste it. */
function draftedDate(text: string, sentence: number): unknown {
  const lines = text.split("\n");
  const at = lines.findIndex((line) => line.startsWith(`# sentence ${sentence}, `));
  expect(at).toBeGreaterThanOrEqual(0);
  return parse(lines[at + 1]!.replace(/^# /, "")).date;
}

describe("npm run source:new", () => {
  it("drafts a source that loads as written, and after the analyst's edits alone holds the drafted dates", () => {
    const fixtures = fixturesCopy();
    copies.push(fixtures);
    const res = run(ARTICLE, "--date", "2023-06-14", "--fixtures", fixtures);
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('sentence 1  "on Tuesday"  2023-06-13 (DAY, DATELINE)');
    expect(res.stdout).toContain('sentence 5  "last March"  2023-03 (MONTH, DATELINE)');
    expect(res.stdout).toContain('person "Maria Lopez": sentence 3');
    expect(res.stdout).toContain("The draft loads as it is.");

    const file = path.join(fixtures, "sources", "minister-visit", "source.yaml");
    const draft = readFileSync(file, "utf8");
    expect(draft.split("\n")[0]).toBe("# yaml-language-server: $schema=../../../schema/source.schema.json");
    expect(editorSchema(parse(draft)), JSON.stringify(editorSchema.errors)).toBe(true);
    const asDrafted = loadFacts(fixtures).table("sources").get("minister-visit");
    expect(asDrafted?.sentences).toHaveLength(5);
    expect(asDrafted?.publishedOn.iso).toBe("2023-06-14");

    // The analyst: confirms the entities, declares two visits and states them with the drafted dates.
    let edited = uncommentBlock(draft, /^# Entities the graph holds/);
    const doc = parseDocument(edited);
    const visit = { visitor: "yvan-gil", delegation: null, visitingCountry: "venezuela", hostCountry: "iran", status: "COMPLETED" };
    doc.set("visits", {
      "gil-iran-2023-06": {
        ...visit,
        city: "Tehran",
        date: draftedDate(draft, 1),
        receivedBy: ["hossein-amir-abdollahian"],
        citations: [{ sentence: 1, quote: "Yvan Gil arrived in Tehran on Tuesday" }],
      },
      "gil-iran-2023-03": {
        ...visit,
        city: null,
        date: draftedDate(draft, 5),
        receivedBy: [],
        citations: [{ sentence: 5, quote: "Gil last visited Iran last March" }],
      },
    });
    edited = doc.toString({ lineWidth: 0 });
    writeFileSync(file, edited);
    expect(editorSchema(parse(edited)), JSON.stringify(editorSchema.errors)).toBe(true);
    const entities = parseDocument(readFileSync(path.join(fixtures, "entities.yaml"), "utf8"));
    entities.setIn(["visits", "gil-iran-2023-06"], null);
    entities.setIn(["visits", "gil-iran-2023-03"], null);
    writeFileSync(path.join(fixtures, "entities.yaml"), entities.toString());

    const store = loadFacts(fixtures);
    const visits = store.table("visits");
    expect(visits.get("gil-iran-2023-06")?.date).toMatchObject({
      iso: "2023-06-13",
      precision: "DAY",
      basis: "DATELINE",
      asWritten: "on Tuesday",
    });
    expect(visits.get("gil-iran-2023-03")?.date).toMatchObject({
      iso: "2023-03",
      precision: "MONTH",
      basis: "DATELINE",
      asWritten: "last March",
    });
    expect(store.table("leaders").get("yvan-gil")?.citations).toContainEqual({ source: "minister-visit", sentence: 5, quote: "Gil" });
    expect(store.table("countries").get("iran")?.citations).toContainEqual({ source: "minister-visit", sentence: 5, quote: "Iran" });
  });

  it("refuses to overwrite a source or draft an empty text, drops a byte order mark, and says how to call it", () => {
    const fixtures = fixturesCopy();
    copies.push(fixtures);
    const marked = path.join(path.dirname(fixtures), "marked.txt");
    writeFileSync(marked, `\uFEFF${readFileSync(ARTICLE, "utf8")}`);
    expect(run(marked, "--date", "2023-06-14", "--fixtures", fixtures).stdout).toContain("The draft loads as it is.");
    expect(readFileSync(path.join(fixtures, "sources", "marked", "text.txt"), "utf8")).toBe(readFileSync(ARTICLE, "utf8"));

    mkdirSync(path.join(fixtures, "sources", "minister-visit"));
    writeFileSync(path.join(fixtures, "sources", "minister-visit", "source.yaml"), "kind: NEWS_ARTICLE\n");
    const again = run(ARTICLE, "--date", "2023-06-14", "--fixtures", fixtures);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/minister-visit\/source\.yaml exists; not overwriting it/);

    const empty = path.join(path.dirname(fixtures), "empty.txt");
    writeFileSync(empty, " \n");
    expect(run(empty, "--date", "2023-06-14", "--fixtures", fixtures)).toMatchObject({
      status: 1,
      stderr: `source:new: ${empty} has no text\n`,
    });

    const undated = run(ARTICLE, "--fixtures", fixtures, "--id", "another");
    expect(undated.status).toBe(2);
    expect(undated.stderr).toMatch(/^source:new: give --date YYYY-MM-DD.*\nusage: npm run source:new/);
    expect(run(ARTICLE, "--date", "2023-06-31", "--id", "x").stderr).toContain("--date 2023-06-31 is not a day");
    expect(run(ARTICLE, "--date", "2023-06-14", "--id", "Not An Id").stderr).toContain("ids are lower-case words joined by hyphens");
  });
});
