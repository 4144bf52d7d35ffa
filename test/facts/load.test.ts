import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { FixtureError, jsonPath, loadFacts, MAX_ISSUES_PER_FILE } from "../../src/facts/load";
import { CLAIM_SUBJECTS, MAX_LIST_ITEMS, MAX_SOURCE_TEXT_BYTES, reportsOf, voicesOf } from "../../src/facts/records";
import { TABLE_NAMES, TABLES } from "../../src/facts/tables";
import { FIXTURES } from "../helpers";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The article's folder, its source file and its text, relative to fixtures/. */
const ARTICLE = "sources/raisi-venezuela-2023";
const SOURCE = `${ARTICLE}/source.yaml`;
const TEXT = `${ARTICLE}/text.txt`;
const ENTITIES = "entities.yaml";
/** As problems name them. */
const SOURCE_FILE = `fixtures/${SOURCE}`;
const ENTITIES_FILE = `fixtures/${ENTITIES}`;

function copyOfFixtures(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-")), "fixtures");
  temps.push(path.dirname(dir));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

/**
 * A copy of the real fixtures with the article's source file changed by `edit` (and the identity
 * file, its second argument), both written back as YAML; a string `edit` returns is the source file's bytes.
 */
function brokenFixtures(edit: (source: any, entities: any) => unknown): string {
  const dir = copyOfFixtures();
  const source = parse(readFileSync(path.join(dir, SOURCE), "utf8"));
  const entities = parse(readFileSync(path.join(dir, ENTITIES), "utf8"));
  const edited = edit(source, entities);
  writeFileSync(path.join(dir, SOURCE), typeof edited === "string" ? edited : stringify(source));
  writeFileSync(path.join(dir, ENTITIES), stringify(entities));
  return dir;
}

/** A copy of the real fixtures with `file` (relative to fixtures/) replaced by these bytes. */
function fixturesWith(file: string, bytes: (original: Buffer) => Buffer): string {
  const dir = copyOfFixtures();
  writeFileSync(path.join(dir, file), bytes(readFileSync(path.join(dir, file))));
  return dir;
}

/** `original` with the first "Venezuela" spelt as Latin-1 would write "Venezuéla": byte E9, where UTF-8 has C3 A9. */
const latin1 = (original: Buffer) => {
  const at = original.indexOf("Venezuela") + "Venezu".length;
  return Buffer.concat([original.subarray(0, at), Buffer.from([0xe9]), original.subarray(at + 1)]);
};

/** The problems, with where they are in their file. */
function locatedIssuesOf(dir: string, options?: Parameters<typeof loadFacts>[1]) {
  try {
    loadFacts(dir, options);
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureError);
    return (err as FixtureError).issues;
  }
  throw new Error("fixtures were accepted");
}

/** The problems' files, paths and reasons (their lines are tested on their own, below). */
function issuesOf(dir: string, options?: Parameters<typeof loadFacts>[1]) {
  return locatedIssuesOf(dir, options).map(({ line, column, ...issue }) => issue);
}

/** The JSONPath of a value in a source file: `at("visits", "raisi-cuba-2023", "date")`. */
const at = (...segments: (string | number)[]) => jsonPath(segments);

const byId = (claims: Record<string, any>, id: string) => claims[id];

describe("loadFacts", () => {
  it("loads the shipped fixtures", () => {
    const counts = loadFacts(FIXTURES).counts();
    expect(counts).toMatchObject({ sources: 1, countries: 7, leaders: 6, organizations: 3, sanctions: 4 });
    expect(counts.visits).toBeGreaterThanOrEqual(9);
  });

  it("refuses a dangling reference, naming file, JSON path and reason", () => {
    const dir = brokenFixtures((source) => {
      source.visits["us-delegates-caracas-2022"].hostCountry = "atlantis";
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("visits", "us-delegates-caracas-2022", "hostCountry"),
        reason: 'unknown countries id "atlantis" (declare it in the identity file, entities.yaml)',
      },
    ]);
  });

  it("caps no list at load: a plain list and a connection's list both grow", () => {
    const welcomed = brokenFixtures((source) => {
      source.visits["raisi-venezuela-2023"].receivedBy = Array.from({ length: MAX_LIST_ITEMS + 1 }, (_, i) =>
        i % 2 ? "yvan-gil" : "nicolas-maduro",
      );
    });
    expect(() => loadFacts(welcomed)).not.toThrow();
    const members = brokenFixtures((source) => {
      const opec = source.organizations.opec;
      opec.members = Array.from({ length: MAX_LIST_ITEMS + 1 }, () => opec.members[0]);
    });
    expect(() => loadFacts(members)).not.toThrow();
  });

  it("refuses a dangling reference nested in an array", () => {
    const dir = brokenFixtures((source) => {
      source.sanctions["us-venezuela"].licenses[0].licensee = "exxon";
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("sanctions", "us-venezuela", "licenses", 0, "licensee"),
        reason: 'unknown organizations id "exxon" (declare it in the identity file, entities.yaml)',
      },
    ]);
  });

  it("refuses an id the identity file does not declare, where the source states it", () => {
    const dir = brokenFixtures((source) => {
      source.leaders["nicolas-maduros"] = structuredClone(source.leaders["nicolas-maduro"]);
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("leaders", "nicolas-maduros"),
        reason: 'unknown leaders id "nicolas-maduros": declare it in entities.yaml first (a typo, or an entity not yet declared)',
      },
    ]);
  });

  it("refuses a declared id no source speaks of, an identity a source states, and a citation that names its source", () => {
    const dir = brokenFixtures((source, entities) => {
      entities.leaders["daniel-ortega"] = null;
      source.countries.iran.code = "IR";
      source.leaders["yvan-gil"].citations[0].source = "raisi-venezuela-2023";
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("leaders", "yvan-gil", "citations", 0, "source"),
        reason: "a citation in a source file cites that source: leave source out",
      },
      {
        file: SOURCE_FILE,
        path: at("countries", "iran", "code"),
        reason: 'code is the identity of countries "iran", declared once, in entities.yaml: no source states it',
      },
      {
        file: ENTITIES_FILE,
        path: at("leaders", "daniel-ortega"),
        reason: 'leaders "daniel-ortega" is declared, but no source states anything about it',
      },
    ]);
  });

  it("refuses a quote that is not verbatim in its sentence", () => {
    const dir = brokenFixtures((source) => {
      source.leaders["nicolas-maduro"].citations[0].quote = "President Nicolás Maduro";
    });
    const [issue, ...rest] = issuesOf(dir);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ file: SOURCE_FILE, path: at("leaders", "nicolas-maduro", "citations", 0, "quote") });
    expect(issue!.reason).toMatch(/not verbatim in sentence 2/);
  });

  it("refuses a quote of a statement that reports a field once, where it was written", () => {
    const dir = brokenFixtures(({ visits }) => {
      visits["raisi-venezuela-2023"].citations[1].quote = "Raisi was welcomed in Caracas by Minister Yvan Gil";
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("visits", "raisi-venezuela-2023", "citations", 1, "quote"),
        reason: expect.stringMatching(/^quote is not verbatim in sentence 2/),
      },
    ]);
  });

  it("refuses a citation of a sentence the source does not have", () => {
    const dir = brokenFixtures((source) => {
      source.countries.iran.citations[0].sentence = 16;
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("countries", "iran", "citations", 0, "sentence"),
        reason: 'source "raisi-venezuela-2023" has 15 sentences, not 16',
      },
    ]);
  });

  it("refuses a source whose text or sentences are larger than the cost model prices them at", () => {
    let sentences: string[] = [];
    const dir = brokenFixtures((source) => {
      const more = Array.from({ length: 3_000 }, (_, i) => `Paragraph ${i + 1} says nothing new.`);
      source.sentences.push(...more);
      sentences = source.sentences;
    });
    const text = readFileSync(path.join(dir, TEXT), "utf8").trim();
    const longer = `${text}\n${sentences.slice(-3_000).join("\n")}\n`;
    writeFileSync(path.join(dir, TEXT), longer);
    const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: "$.textFile",
        reason: `${bytes(longer.trim())} bytes in an answer, over the ${MAX_SOURCE_TEXT_BYTES} the cost model prices a source's text at: split the source in two`,
      },
      {
        file: SOURCE_FILE,
        path: "$.sentences",
        reason: `${bytes(sentences)} bytes in an answer, over the ${MAX_SOURCE_TEXT_BYTES} the cost model prices a source's sentences at: split the source in two`,
      },
    ]);
  });

  it("takes a source's text from the source file itself", () => {
    const dir = brokenFixtures((source) => {
      delete source.textFile;
      source.text = readFileSync(path.join(FIXTURES, TEXT), "utf8");
    });
    rmSync(path.join(dir, TEXT));
    expect(loadFacts(dir).table("sources").get("raisi-venezuela-2023")!.text).toBe(readFileSync(path.join(FIXTURES, TEXT), "utf8").trim());
    const both = brokenFixtures((source) => {
      source.text = "Both.";
    });
    expect(issuesOf(both)).toEqual([
      {
        file: SOURCE_FILE,
        path: "$.textFile",
        reason: "give the source's text as textFile (a file beside this one) or as text, exactly one of them",
      },
    ]);
  });

  it("refuses a source's sentences split where no sentence ends, naming the sentence", () => {
    // "Last year, the U.S. sent delegates…" cut after "U.S.", as ICU alone cuts "the U.S. Treasury".
    const dir = brokenFixtures((source) => {
      const sentence: string = source.sentences[7];
      const cut = sentence.indexOf("U.S.") + "U.S.".length;
      source.sentences.splice(7, 1, sentence.slice(0, cut), sentence.slice(cut + 1));
    });
    const issues = issuesOf(dir);
    expect(issues[0]).toEqual({
      file: SOURCE_FILE,
      path: "$.sentences[7]",
      reason: 'sentence 8: the next sentence starts in lower case ("sent delegates to Caracas to m…"), so a sentence does not end here',
    });
    // The numbers after it moved, so citations of later sentences no longer hold either.
    expect(issues.slice(1).every((i) => i.path.endsWith(".quote") && /not verbatim in sentence/.test(i.reason))).toBe(true);
  });

  it("refuses sentences that are not the source's text, or leave some of it out", () => {
    const dir = brokenFixtures((source) => {
      source.sentences[8] = "The South American country has the largest oil reserves.";
    });
    expect(issuesOf(dir)).toContainEqual({
      file: SOURCE_FILE,
      path: "$.sentences[8]",
      reason:
        'sentence 9: is not the text where sentence 8 ended: after "…can country has the " ' +
        'the sentence has "largest oil reserves." where the text has "world\'s largest oil reserves.\\n…"',
    });
    const short = brokenFixtures((source) => {
      source.sentences.pop();
    });
    expect(issuesOf(short)).toContainEqual({
      file: SOURCE_FILE,
      path: "$.sentences",
      reason: 'the text goes on after the last listed sentence: "Mahmoud Ahmadinejad made the l…"',
    });
  });

  it("catches two sentences listed as one through the citations that moved", () => {
    const dir = brokenFixtures((source) => {
      const s = source.sentences;
      s.splice(11, 2, `${s[11]} ${s[12]}`);
    });
    const issues = issuesOf(dir);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => !i.path.startsWith("$.sentences") && /sentence/.test(i.reason))).toBe(true);
  });

  it("asks for a source's sentences when they are missing", () => {
    const dir = brokenFixtures((source) => {
      delete source.sentences;
    });
    expect(issuesOf(dir)).toContainEqual({
      file: SOURCE_FILE,
      path: "$.sentences",
      reason: "the text's sentences in order, as an array of strings (npm run fixtures:sentences drafts it)",
    });
  });

  it("refuses dates that are not real dates", () => {
    const dir = brokenFixtures((source) => {
      source.visits["amir-abdollahian-caracas-2023"].date.iso = "2023-02-30";
      source.visits["rouhani-cuba-2016"].date.iso = "September 2016";
    });
    const issues = issuesOf(dir);
    expect(issues.map((i) => i.path)).toEqual([
      at("visits", "amir-abdollahian-caracas-2023", "date", "iso"),
      at("visits", "rouhani-cuba-2016", "date", "iso"),
    ]);
    expect(issues.every((i) => i.file === SOURCE_FILE && /not a real date/.test(i.reason))).toBe(true);
  });

  it("refuses a date whose basis says other than its words: STATED exactly when the words give every part", () => {
    const dir = brokenFixtures((source) => {
      source.visits["us-delegates-caracas-2022"].date.basis = "STATED"; // "Last year": resolved, not stated
      source.visits["maduro-iran-2022"].date.basis = "DATELINE"; // "in June 2022": stated
      delete source.visits["amir-abdollahian-caracas-2023"].date.basis;
    });
    const issues = issuesOf(dir);
    expect(issues.map((i) => [i.file, i.path])).toEqual([
      [SOURCE_FILE, at("visits", "us-delegates-caracas-2022", "date", "basis")],
      [SOURCE_FILE, at("visits", "maduro-iran-2022", "date", "basis")],
      [SOURCE_FILE, at("visits", "amir-abdollahian-caracas-2023", "date", "basis")],
    ]);
    expect(issues[0]!.reason).toMatch(/STATED exactly when asWritten gives the year/);
  });

  it("refuses a quote that keeps the sentence's punctuation, in a citation or a statement", () => {
    const dir = brokenFixtures((source) => {
      source.statements["raisi-invitation-statement"].quote += ",";
      source.statements["raisi-irna-statement"].citations[0].quote += ".";
    });
    const issues = issuesOf(dir);
    const quote = at("statements", "raisi-invitation-statement", "quote");
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([quote, at("statements", "raisi-irna-statement", "citations", 0, "quote")]),
    );
    expect(issues.find((i) => i.path === quote)!.reason).toMatch(/punctuation of the sentence, not of the claim/);
  });

  it("refuses a source without its kind, or with a language that is not a canonical BCP 47 tag", () => {
    const dir = brokenFixtures((source) => {
      delete source.kind;
      source.language = "en_US";
    });
    const issues = issuesOf(dir).filter((i) => i.file === SOURCE_FILE);
    expect(issues.map((i) => i.path)).toEqual(["$.kind", "$.language"]);
    expect(issues[1]!.reason).toMatch(/BCP 47/);
  });

  it("refuses unknown enum values, unknown fields and ids twice declared", () => {
    const dir = brokenFixtures((source) => {
      source.visits["raisi-venezuela-2023"].status = "DONE";
      source.visits["raisi-cuba-2023"].hostCity = "Havana";
      source.surprise = true;
      return `${stringify(source)}visits:\n  raisi-cuba-2023: {}\n`;
    });
    const issues = issuesOf(dir);
    expect(issues).toEqual([{ file: SOURCE_FILE, path: "$", reason: "not valid YAML: Map keys must be unique" }]);
    const fields = brokenFixtures((source) => {
      source.visits["raisi-venezuela-2023"].status = "DONE";
      source.visits["raisi-cuba-2023"].hostCity = "Havana";
      source.surprise = true;
    });
    const reasons = issuesOf(fields).map((i) => [i.path, i.reason]);
    expect(reasons).toEqual([
      ["$.surprise", expect.stringMatching(/^unknown field "surprise": a source file holds/)],
      [at("visits", "raisi-venezuela-2023", "status"), expect.stringMatching(/COMPLETED/)],
      [at("visits", "raisi-cuba-2023", "hostCity"), 'unknown field "hostCity"'],
    ]);
  });

  it("refuses a country code that two countries are given", () => {
    const dir = brokenFixtures((_source, entities) => {
      entities.countries.cuba.code = "VE";
    });
    expect(issuesOf(dir)).toEqual([
      { file: ENTITIES_FILE, path: at("countries", "cuba", "code"), reason: 'duplicate code "VE" (first given to "venezuela")' },
    ]);
  });

  it("refuses a Wikidata ID that is not an item's, or that two entities are given; many may have none", () => {
    const dir = brokenFixtures((_source, entities) => {
      entities.countries.iran.wikidataId = "717";
      entities.countries.cuba.wikidataId = entities.countries.venezuela.wikidataId;
      delete entities.countries.nicaragua.wikidataId;
      entities.leaders["ebrahim-raisi"] = { wikidataId: "Q1" };
      entities.organizations.opec = { wikidataId: "Q1" };
    });
    expect(issuesOf(dir)).toEqual([
      { file: ENTITIES_FILE, path: at("countries", "iran", "wikidataId"), reason: expect.stringMatching(/Wikidata item ID/) },
      {
        file: ENTITIES_FILE,
        path: at("countries", "cuba", "wikidataId"),
        reason: 'duplicate wikidataId "Q717" (first given to "venezuela")',
      },
    ]);
  });

  it("refuses a file that is not YAML, naming the line", () => {
    const dir = brokenFixtures(() => "kind: NEWS_ARTICLE\nsentences: [unclosed\n");
    const [issue, ...rest] = locatedIssuesOf(dir);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ file: SOURCE_FILE, path: "$", line: expect.any(Number) });
    expect(issue!.reason).toMatch(/^not valid YAML: /);
  });

  it("refuses a file that is not UTF-8, naming the file, the byte offset and the line, and nothing that only restates it", () => {
    const bad = fixturesWith(ENTITIES, (original) => latin1(Buffer.concat([original, Buffer.from("# Venezuela\n")])));
    const bytes = readFileSync(path.join(bad, ENTITIES));
    const offset = bytes.indexOf(0xe9);
    const line = bytes.subarray(0, offset).toString("latin1").split("\n").length;
    // Not a cascade of "unknown countries id" from every statement that names a country.
    expect(issuesOf(bad)).toEqual([
      {
        file: ENTITIES_FILE,
        path: "$",
        reason: `not UTF-8: byte 0xE9 at byte offset ${offset} (line ${line}) does not begin or continue a valid UTF-8 character; save the file as UTF-8`,
      },
    ]);
  });

  it("takes a U+FFFD that the file spells in UTF-8, and finds the bad byte after it", () => {
    const dir = fixturesWith(SOURCE, (original) => latin1(Buffer.from(original.toString("utf8").replace("Venezuela", "Venezuela\uFFFD"))));
    const bytes = readFileSync(path.join(dir, SOURCE));
    const [issue] = issuesOf(dir);
    expect(issue!.reason).toContain(`byte 0xE9 at byte offset ${bytes.indexOf(0xe9)} `);
  });

  it("names a byte order mark as a BOM, and reports nothing that only restates it", () => {
    const dir = fixturesWith(SOURCE, (original) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]));
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: "$",
        reason: "starts with a UTF-8 byte order mark (BOM, bytes EF BB BF): save the file as UTF-8 without a BOM",
      },
    ]);
  });

  it("refuses a source text that is not UTF-8 on its own file, not as a sentence mismatch", () => {
    const dir = fixturesWith(TEXT, latin1);
    const offset = readFileSync(path.join(dir, TEXT)).indexOf(0xe9);
    expect(issuesOf(dir)).toEqual([
      {
        file: `fixtures/${TEXT}`,
        path: "$",
        reason: expect.stringMatching(
          new RegExp(
            `^not UTF-8: byte 0xE9 at byte offset ${offset} \\(line \\d+\\) .*\\(the text of source "raisi-venezuela-2023", its textFile\\)$`,
          ),
        ),
      },
    ]);
    const bom = fixturesWith(TEXT, (original) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]));
    expect(issuesOf(bom).map((i) => [i.file, i.reason.slice(0, 40)])).toEqual([
      [`fixtures/${TEXT}`, "starts with a UTF-8 byte order mark (BOM"],
    ]);
  });

  it("refuses an identity file it cannot parse without restating it as unknown ids", () => {
    expect(issuesOf(brokenFixtures((_, entities) => void (entities.countries = "[{ not yaml"))).map((i) => i.file)).toEqual([
      ENTITIES_FILE,
    ]);
    const dir = copyOfFixtures();
    writeFileSync(path.join(dir, ENTITIES), "countries: [{ not yaml");
    expect(issuesOf(dir).map((i) => [i.file, i.reason.slice(0, 16)])).toEqual([[ENTITIES_FILE, "not valid YAML: "]]);
  });

  it("reads JSON as it reads YAML, and names the line of a problem in it", () => {
    const dir = copyOfFixtures();
    const source = parse(readFileSync(path.join(dir, SOURCE), "utf8"));
    rmSync(path.join(dir, SOURCE));
    source.visits["raisi-cuba-2023"].hostCountry = "atlantis";
    const json = JSON.stringify(source, null, 2);
    writeFileSync(path.join(dir, ARTICLE, "source.json"), json);
    const line = json.split("\n").findIndex((l) => l.includes('"atlantis"')) + 1;
    expect(locatedIssuesOf(dir)).toEqual([
      {
        file: `fixtures/${ARTICLE}/source.json`,
        path: at("visits", "raisi-cuba-2023", "hostCountry"),
        reason: 'unknown countries id "atlantis" (declare it in the identity file, entities.yaml)',
        line,
        column: json.split("\n")[line - 1]!.indexOf('"hostCountry"') + 1,
      },
    ]);
    writeFileSync(path.join(dir, ARTICLE, "source.json"), '{\n  "kind": "NEWS_ARTICLE",\n  "sentences": [\n}');
    const [issue] = locatedIssuesOf(dir);
    expect(issue).toMatchObject({ file: `fixtures/${ARTICLE}/source.json`, path: "$", line: 4 });
    expect(issue!.reason).toMatch(/^not valid JSON: /);
  });

  it(`lists the first ${MAX_ISSUES_PER_FILE} problems of a file, then how many more`, () => {
    const dir = brokenFixtures((source, entities) => {
      source.visits = {};
      for (let i = 0; i < 300; i++) {
        entities.visits[`visit-${i}`] = null;
        source.visits[`visit-${i}`] = { status: "DONE", citations: [{ sentence: 1, quote: "Iranian" }] };
      }
    });
    const issues = issuesOf(dir).filter((i) => i.file === SOURCE_FILE);
    expect(issues).toHaveLength(MAX_ISSUES_PER_FILE + 1);
    expect(issues.at(-1)).toEqual({
      file: SOURCE_FILE,
      path: "$",
      reason: expect.stringMatching(new RegExp(`^and \\d+ more problems \\(the first ${MAX_ISSUES_PER_FILE} are listed\\)$`)),
    });
    const more = Number(/and (\d+) more/.exec(issues.at(-1)!.reason)![1]);
    expect(more).toBeGreaterThan(300 - MAX_ISSUES_PER_FILE);
  });

  it("refuses a file over the size setting before parsing it", () => {
    // Two MiB that are not YAML: only the size is reported, since the file is never parsed.
    const dir = brokenFixtures(() => `[${" ".repeat(2 * 1024 * 1024)}`);
    expect(issuesOf(dir, { maxFileBytes: 1024 * 1024 }).filter((i) => i.file === SOURCE_FILE)).toEqual([
      {
        file: SOURCE_FILE,
        path: "$",
        reason: "file is 2.0 MiB, over the 1 MiB a fixture file may be (FIXTURE_MAX_MB): split it, or raise the setting",
      },
    ]);
    expect(() => loadFacts(FIXTURES, { maxFileBytes: 1024 * 1024 })).not.toThrow();
  });

  it("reports every problem at once, and serves nothing", () => {
    const dir = brokenFixtures((source) => {
      source.leaders["ebrahim-raisi"].country = "persia";
      source.leaders["yvan-gil"].citations = [];
    });
    expect(issuesOf(dir).map((i) => i.path)).toEqual([at("leaders", "yvan-gil", "citations"), at("leaders", "ebrahim-raisi", "country")]);
  });
});

describe("problems name the line", () => {
  it("places a problem in a YAML source file at file:line:col, the line that names the field", () => {
    const dir = copyOfFixtures();
    const yaml = readFileSync(path.join(dir, SOURCE), "utf8").replace(
      /(\n {2}raisi-cuba-2023:\n(?: {4}.*\n)*? {4}hostCountry:) cuba/,
      "$1 atlantis",
    );
    writeFileSync(path.join(dir, SOURCE), yaml);
    const lines = yaml.split("\n");
    const line = lines.indexOf("    hostCountry: atlantis") + 1;
    expect(line).toBeGreaterThan(0);
    let message = "";
    try {
      loadFacts(dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      "1 fixture problem:\n" +
        `  ${SOURCE_FILE}:${line}:5 $.visits["raisi-cuba-2023"].hostCountry: unknown countries id "atlantis" (declare it in the identity file, entities.yaml)`,
    );
  });

  it("places a missing field at the statement that lacks it, and a bad identity in the identity file", () => {
    const dir = copyOfFixtures();
    writeFileSync(path.join(dir, ENTITIES), readFileSync(path.join(dir, ENTITIES), "utf8").replace("code: CU", "code: cuba"));
    const yaml = readFileSync(path.join(dir, SOURCE), "utf8").replace(/\n {4}name: Maduro's Tour\b.*/, "");
    writeFileSync(path.join(dir, SOURCE), yaml);
    const issues = locatedIssuesOf(dir);
    const entities = readFileSync(path.join(dir, ENTITIES), "utf8").split("\n");
    expect(issues).toContainEqual({
      file: ENTITIES_FILE,
      path: at("countries", "cuba", "code"),
      reason: 'an ISO 3166-1 alpha-2 code, e.g. "VE"',
      line: entities.findIndex((l) => l.includes("code: cuba")) + 1,
      column: 5,
    });
  });
});

describe("several sources about one record", () => {
  /** A second source in `dir`, stating `facts` of its one sentence. */
  function addSource(dir: string, id: string, sentence: string, facts: Record<string, unknown>, iso = "2023-06-13"): void {
    mkdirSync(path.join(dir, "sources", id));
    writeFileSync(path.join(dir, "sources", id, "text.txt"), `${sentence}\n`);
    const file = {
      kind: "OTHER",
      language: "en",
      title: null,
      publisher: null,
      byline: null,
      url: null,
      publishedOn: { iso, basis: "PUBLICATION" },
      textFile: "text.txt",
      sentences: [sentence],
      ...facts,
    };
    writeFileSync(path.join(dir, "sources", id, "source.yaml"), stringify(file));
  }

  it("adds a later source's citations and list items to a record, in the order the sources were published", () => {
    const dir = copyOfFixtures();
    addSource(dir, "later-report", "Raisi met Maduro and Gil in Caracas.", {
      visits: {
        "raisi-venezuela-2023": {
          receivedBy: ["nicolas-maduro"],
          city: "Caracas",
          citations: [{ sentence: 1, quote: "Raisi met Maduro and Gil in Caracas" }],
        },
      },
    });
    const visit = loadFacts(dir).table("visits").get("raisi-venezuela-2023")!;
    const before = loadFacts(FIXTURES).table("visits").get("raisi-venezuela-2023")!.citations;
    expect(visit.citations).toEqual([...before, { source: "later-report", sentence: 1, quote: "Raisi met Maduro and Gil in Caracas" }]);
    expect(visit.receivedBy).toEqual(["yvan-gil", "nicolas-maduro"]);
  });

  it("refuses two sources that give one field different values, naming both files and lines", () => {
    const dir = copyOfFixtures();
    addSource(dir, "later-report", "Raisi was in Valencia.", {
      visits: { "raisi-venezuela-2023": { city: "Valencia", citations: [{ sentence: 1, quote: "Raisi was in Valencia" }] } },
    });
    const issues = locatedIssuesOf(dir);
    const line = readFileSync(path.join(dir, SOURCE), "utf8").split("\n").indexOf("    city: Caracas") + 1;
    expect(issues).toEqual([
      {
        file: "fixtures/sources/later-report/source.yaml",
        path: at("visits", "raisi-venezuela-2023", "city"),
        reason: `${SOURCE}:${line} states "Caracas", this source "Valencia": sources may differ only on lists for now`,
        line: expect.any(Number),
        column: 5,
      },
    ]);
  });

  it("keeps a later source's status of a visit as a report of its day, and the visit answers the latest", () => {
    const dir = copyOfFixtures();
    addSource(dir, "later-report", "Raisi left Caracas.", {
      visits: { "raisi-venezuela-2023": { status: "COMPLETED", citations: [{ sentence: 1, quote: "Raisi left Caracas" }] } },
    });
    const visit = loadFacts(dir).table("visits").get("raisi-venezuela-2023")!;
    expect(visit.status).toBe("COMPLETED");
    expect(visit.assertion.modality).toBe("HAPPENED");
    expect(reportsOf(visit, "status").map((r) => [r.value, r.source, r.reportedOn.iso, r.assertion.modality])).toEqual([
      ["IN_PROGRESS", "raisi-venezuela-2023", "2023-06-12", "IN_PROGRESS"],
      ["COMPLETED", "later-report", "2023-06-13", "HAPPENED"],
    ]);
    expect(reportsOf(visit, "status")[1]!.citations).toEqual([{ source: "later-report", sentence: 1, quote: "Raisi left Caracas" }]);
  });

  it("refuses two sources of one day that give a visit different statuses, naming both", () => {
    const dir = copyOfFixtures();
    addSource(
      dir,
      "same-day-report",
      "Raisi left Caracas.",
      { visits: { "raisi-venezuela-2023": { status: "COMPLETED", citations: [{ sentence: 1, quote: "Raisi left Caracas" }] } } },
      "2023-06-12",
    );
    expect(locatedIssuesOf(dir)).toEqual([
      {
        file: "fixtures/sources/same-day-report/source.yaml",
        path: at("visits", "raisi-venezuela-2023", "status"),
        reason: expect.stringMatching(
          new RegExp(
            `^${SOURCE}:\\d+, published the same day, states "IN_PROGRESS", this source "COMPLETED": reports of one day must agree$`,
          ),
        ),
        line: expect.any(Number),
        column: 5,
      },
    ]);
  });

  it("reports an earlier source's invalid status where it was written, though a later one gives a valid one", () => {
    const dir = brokenFixtures((source) => {
      source.visits["raisi-venezuela-2023"].status = "FINISHED";
    });
    addSource(dir, "later-report", "Raisi left Caracas.", {
      visits: { "raisi-venezuela-2023": { status: "COMPLETED", citations: [{ sentence: 1, quote: "Raisi left Caracas" }] } },
    });
    expect(locatedIssuesOf(dir)).toEqual([
      expect.objectContaining({
        file: SOURCE_FILE,
        path: at("visits", "raisi-venezuela-2023", "status"),
        reason: expect.stringMatching(/COMPLETED/),
      }),
    ]);
  });

  it("keeps a later source's voice for the values it states, when it is not the record's: the record's assertion stays the first source's", () => {
    const dir = copyOfFixtures();
    const quote = "Gil received Raisi, Caracas said";
    addSource(dir, "later-report", `${quote}.`, {
      visits: {
        "raisi-venezuela-2023": {
          receivedBy: ["yvan-gil"],
          assertion: { by: { country: "venezuela" }, verb: "said", modality: "CLAIMED" },
          citations: [{ sentence: 1, quote }],
        },
      },
    });
    const visit = loadFacts(dir).table("visits").get("raisi-venezuela-2023")!;
    expect(visit.assertion).toEqual({ by: null, verb: null, statement: null, modality: "IN_PROGRESS" });
    expect(voicesOf(visit)).toEqual([
      {
        field: "receivedBy",
        assertion: { by: { country: "venezuela" }, verb: "said", statement: null, modality: "CLAIMED" },
        source: "later-report",
        reportedOn: expect.objectContaining({ iso: "2023-06-13" }),
        citations: [{ source: "later-report", sentence: 1, quote }],
      },
    ]);
    // A record one source states in one voice has none of its values in another.
    expect(voicesOf(loadFacts(FIXTURES).table("visits").get("raisi-venezuela-2023")!)).toEqual([]);
  });

  it("refuses a later source's assertion that is no value's voice, and checks a later source's assertion where it was written", () => {
    const dir = copyOfFixtures();
    addSource(dir, "later-report", "Caracas said Gil received Raisi.", {
      visits: {
        "raisi-venezuela-2023": {
          assertion: { by: { country: "venezuela" }, verb: "said", modality: "CLAIMED" },
          citations: [{ sentence: 1, quote: "Caracas said Gil received Raisi" }],
        },
        "raisi-cuba-2023": {
          receivedBy: ["nicolas-maduro"],
          assertion: { by: { country: "atlantis" }, verb: "said", modality: "CLAIMED" },
          citations: [{ sentence: 1, quote: "Caracas said" }],
        },
      },
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/sources/later-report/source.yaml",
        path: at("visits", "raisi-venezuela-2023", "assertion"),
        reason:
          "this source states no value of the record for this assertion to be the voice of (the record's is its first source's): state the values it asserts, or leave assertion out",
      },
      {
        file: "fixtures/sources/later-report/source.yaml",
        path: at("visits", "raisi-cuba-2023", "assertion", "by", "country"),
        reason: 'unknown countries id "atlantis" (declare it in the identity file, entities.yaml)',
      },
    ]);
  });

  it("a later report of a field that changes over time, in the same voice, gives no other value a voice of its own", () => {
    const dir = copyOfFixtures();
    addSource(dir, "later-report", "Raisi left Caracas.", {
      visits: { "raisi-venezuela-2023": { status: "COMPLETED", citations: [{ sentence: 1, quote: "Raisi left Caracas" }] } },
    });
    expect(voicesOf(loadFacts(dir).table("visits").get("raisi-venezuela-2023")!)).toEqual([]);
  });

  it("starts with a record cited by 50 sources", () => {
    const dir = copyOfFixtures();
    for (let i = 1; i <= 50; i++)
      addSource(dir, `report-${i}`, `Report ${i} says Raisi visited Venezuela.`, {
        countries: { venezuela: { citations: [{ sentence: 1, quote: "Raisi visited Venezuela" }] } },
      });
    const venezuela = loadFacts(dir).table("countries").get("venezuela")!;
    expect(venezuela.citations.length).toBeGreaterThan(50);
    expect(new Set(venezuela.citations.map((c) => c.source)).size).toBe(51);
  });
});

describe("claims at load", () => {
  it("refuses a claimed field stated in the record itself: its values are claims, which say who asserts them", () => {
    const dir = brokenFixtures((source) => {
      source.visits["raisi-venezuela-2023"].meetings = ["nicolas-maduro"];
      source.visits["raisi-cuba-2023"].purpose = "Talks.";
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("visits", "raisi-venezuela-2023", "meetings"),
        reason: expect.stringMatching(/each value is a claim about the record, under claims:/),
      },
      { file: SOURCE_FILE, path: at("visits", "raisi-cuba-2023", "purpose"), reason: expect.stringMatching(/under claims:/) },
    ]);
  });

  it("refuses a claim of a field its subject does not have, or a value of the wrong kind", () => {
    const dir = brokenFixtures(({ claims }) => {
      claims["raisi-venezuela-2023-purpose"].field = "weather";
      byId(claims, "raisi-venezuela-2023-meeting-nicolas-maduro").entity = { country: "venezuela" };
      byId(claims, "raisi-venezuela-2023-invitation").entity = { country: "venezuela" };
    });
    const issues = issuesOf(dir);
    // Shapes are checked first, as each claim is read; then each claim against its subject's fields.
    expect(issues.map((i) => [i.path, i.reason])).toEqual([
      [at("claims", "raisi-venezuela-2023-invitation", "text"), "a claim's value is either a text or an entity, exactly one of them"],
      [
        at("claims", "raisi-venezuela-2023-purpose", "field"),
        'Visit has no claimed field "weather" (its claimed fields: purpose, topics, invitation, invitedBy, meetings, characterizations)',
      ],
      [at("claims", "raisi-venezuela-2023-meeting-nicolas-maduro", "entity"), '"meetings" holds leaders: give the value as entity.leader'],
    ]);
  });

  it("refuses a party's claim stated as happened, an attribution without its words, and a statement of another party", () => {
    const dir = brokenFixtures(({ claims }) => {
      byId(claims, "raisi-venezuela-2023-purpose").assertion.modality = "HAPPENED";
      delete byId(claims, "raisi-cuba-2023-purpose").assertion.verb;
      byId(claims, "raisi-nicaragua-2023-purpose").assertion.statement = "tehran-on-amir-abdollahian-talks";
      byId(claims, "raisi-friendly-countries-2023-purpose").assertion.by = { leader: "nobody" };
    });
    const reasons = issuesOf(dir).map((i) => `${i.path.replace(/^\$\.claims\["[a-z0-9-]+"\]/, "")}: ${i.reason}`);
    expect(reasons).toEqual([
      ".assertion.modality: what a party asserts is CLAIMED, INTENDED or PLANNED: the source itself does not state that it happened",
      '.assertion.verb: an attributed fact gives the words of attribution, e.g. "said" or "according to"',
      // References first, as for every field; then whose the statement is.
      '.assertion.by.leader: unknown leaders id "nobody" (declare it in the identity file, entities.yaml)',
      '.assertion.statement: statement "tehran-on-amir-abdollahian-talks" was made by another party than the one the assertion names (by)',
    ]);
  });

  it("reports an unknown statement of a claim once", () => {
    const dir = brokenFixtures(({ claims }) => {
      byId(claims, "raisi-venezuela-2023-purpose").assertion.statement = "nothing-said";
    });
    expect(issuesOf(dir).map((i) => i.reason)).toEqual([
      'unknown statements id "nothing-said" (declare it in the identity file, entities.yaml)',
    ]);
  });

  it("refuses a claim id two sources use", () => {
    const dir = copyOfFixtures();
    cpSync(path.join(dir, ARTICLE), path.join(dir, "sources", "copy-of-it"), { recursive: true });
    const copy = parse(readFileSync(path.join(dir, "sources", "copy-of-it", "source.yaml"), "utf8"));
    writeFileSync(
      path.join(dir, "sources", "copy-of-it", "source.yaml"),
      stringify({
        ...copy,
        claims: { "raisi-cuba-2023-purpose": copy.claims["raisi-cuba-2023-purpose"] },
        countries: undefined,
        leaders: undefined,
        organizations: undefined,
        visits: undefined,
        sanctions: undefined,
        tours: undefined,
        relationships: undefined,
        agreements: undefined,
        events: undefined,
        shipments: undefined,
        statements: undefined,
        accusations: undefined,
      }),
    );
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/sources/raisi-venezuela-2023/source.yaml",
        path: at("claims", "raisi-cuba-2023-purpose"),
        reason:
          'duplicate claim id "raisi-cuba-2023-purpose" (first in sources/copy-of-it/source.yaml): a claim\'s id is unique across sources',
      },
    ]);
  });

  it("refuses a characterisation in a party's voice, a link to a claim about another field, and two tour stops of one number", () => {
    const claimsDir = brokenFixtures(({ claims }) => {
      const characterization = byId(claims, "ahmadinejad-nicaragua-2007-characterization");
      characterization.assertion = { by: { country: "iran" }, verb: "said", modality: "CLAIMED" };
      byId(claims, "raisi-venezuela-2023-purpose").contradicts = ["raisi-venezuela-2023-invitation"];
      byId(claims, "raisi-cuba-2023-purpose").corroborates = ["raisi-cuba-2023-purpose"];
    });
    expect(issuesOf(claimsDir).map((i) => i.reason)).toEqual([
      "a characterisation is the source's own words, of what is so (HAPPENED): a party's is a statement or a claim of another field",
      'claim "raisi-venezuela-2023-invitation" is about another record or field: a claim contradicts claims about the same field of the same record',
      "a claim cannot corroborate itself",
    ]);
    const stopsDir = brokenFixtures(({ visits }) => {
      visits["raisi-cuba-2023"].stopNumber = 1;
      visits["maduro-iran-2022"].stopNumber = 2;
    });
    expect(issuesOf(stopsDir).map((i) => i.reason)).toEqual([
      "a stop number needs the tour it is a stop of",
      'tour "raisi-friendly-countries-2023" already has stop 1: "raisi-venezuela-2023"',
    ]);
  });

  it("a visit in the source's own voice has the modality its status gives", () => {
    const dir = brokenFixtures(({ visits }) => {
      visits["raisi-venezuela-2023"].assertion = { modality: "HAPPENED" };
    });
    expect(issuesOf(dir).map((i) => [i.path, i.reason])).toEqual([
      [at("visits", "raisi-venezuela-2023", "assertion", "modality"), expect.stringMatching(/modality is the one its status gives/)],
    ]);
  });

  it("refuses a voice for a field the kind does not have, a claimed or reported field, or a value the statement does not give", () => {
    const voice = (quote: string) => ({ assertion: { modality: "HAPPENED" }, citations: [{ sentence: 2, quote }] });
    const dir = brokenFixtures(({ visits, sanctions }) => {
      visits["raisi-venezuela-2023"].voices = {
        welcomedAt: voice("Raisi was welcomed in Caracas"),
        purpose: voice("Raisi was welcomed in Caracas"),
        status: voice("Raisi was welcomed in Caracas"),
      };
      visits["raisi-cuba-2023"].voices = { stopNumber: voice("Raisi was welcomed in Caracas") };
      sanctions["us-cuba"].voices = { state: voice("Raisi was welcomed in Caracas") };
    });
    const fields = "visitor, delegation, visitingCountry, hostCountry, city, date, departedFrom, tour, stopNumber, receivedBy";
    expect(issuesOf(dir)).toEqual([
      {
        file: SOURCE_FILE,
        path: at("visits", "raisi-venezuela-2023", "voices", "welcomedAt"),
        reason: `Visit has no field "welcomedAt" that a voice may be given (its fields: ${fields})`,
      },
      {
        file: SOURCE_FILE,
        path: at("visits", "raisi-venezuela-2023", "voices", "purpose"),
        reason: '"purpose" is a claimed field: each of its values is a claim, under claims:, with its own assertion',
      },
      {
        file: SOURCE_FILE,
        path: at("visits", "raisi-venezuela-2023", "voices", "status"),
        reason: '"status" changes over time: its report is in this statement\'s voice, its assertion',
      },
      {
        file: SOURCE_FILE,
        path: at("visits", "raisi-cuba-2023", "voices", "stopNumber"),
        reason: "a voice is the voice of a value this statement gives: state stopNumber here too",
      },
      {
        file: SOURCE_FILE,
        path: at("sanctions", "us-cuba", "voices", "state"),
        reason: '"state" changes over time: its report is in this statement\'s voice, its assertion',
      },
    ]);
  });

  it("refuses a party's voice stated as happened, and checks a voice's quotes and party, at their line", () => {
    const dir = brokenFixtures(({ visits }) => {
      visits["raisi-venezuela-2023"].voices = {
        receivedBy: {
          assertion: { by: { leader: "yvan-gil" }, verb: "said", modality: "HAPPENED" },
          citations: [{ sentence: 2, quote: "Raisi was welcomed in Caracas" }],
        },
      };
      visits["raisi-cuba-2023"].voices = {
        hostCountry: {
          assertion: { by: { leader: "nobody" }, verb: "said", modality: "CLAIMED" },
          citations: [{ sentence: 2, quote: "Raisi was welcomed in Havana" }],
        },
      };
    });
    const issues = locatedIssuesOf(dir);
    expect(issues.map(({ path, reason }) => ({ path, reason }))).toEqual([
      {
        path: at("visits", "raisi-venezuela-2023", "voices", "receivedBy", "assertion", "modality"),
        reason: "what a party asserts is CLAIMED, INTENDED or PLANNED: the source itself does not state that it happened",
      },
      {
        path: at("visits", "raisi-cuba-2023", "voices", "hostCountry", "assertion", "by", "leader"),
        reason: 'unknown leaders id "nobody" (declare it in the identity file, entities.yaml)',
      },
      {
        path: at("visits", "raisi-cuba-2023", "voices", "hostCountry", "citations", 0, "quote"),
        reason: 'quote is not verbatim in sentence 2 of "raisi-venezuela-2023": "Raisi was welcomed in Havana"',
      },
    ]);
    const lines = readFileSync(path.join(dir, SOURCE), "utf8").split("\n");
    expect(lines[issues[0]!.line! - 1]).toMatch(/^\s+modality: HAPPENED$/);
    expect(lines[issues[2]!.line! - 1]).toMatch(/quote: Raisi was welcomed in Havana$/);
  });

  it("claims can be about exactly the tables that have claimed fields", () => {
    const claimed = TABLE_NAMES.filter((name) => (TABLES[name] as { claimed?: object }).claimed);
    expect(Object.values(CLAIM_SUBJECTS).sort()).toEqual([...claimed].sort());
  });
});
