import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FixtureError, loadFacts, MAX_ISSUES_PER_FILE } from "../../src/facts/load";
import { CLAIM_SUBJECTS, MAX_LIST_ITEMS, MAX_SOURCE_TEXT_BYTES } from "../../src/facts/records";
import { TABLE_NAMES, TABLES } from "../../src/facts/tables";
import { FIXTURES } from "../helpers";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real fixtures with one file changed by `edit`. */
function brokenFixtures(file: string, edit: (records: any[]) => unknown): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-")), "fixtures");
  temps.push(path.dirname(dir));
  cpSync(FIXTURES, dir, { recursive: true });
  const records = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  const edited = edit(records);
  writeFileSync(path.join(dir, file), typeof edited === "string" ? edited : JSON.stringify(edited ?? records));
  return dir;
}

/** A copy of the real fixtures with `file` (relative to fixtures/) replaced by these bytes. */
function fixturesWith(file: string, bytes: (original: Buffer) => Buffer): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-")), "fixtures");
  temps.push(path.dirname(dir));
  cpSync(FIXTURES, dir, { recursive: true });
  writeFileSync(path.join(dir, file), bytes(readFileSync(path.join(dir, file))));
  return dir;
}

/** `original` with the first "Venezuela" spelt as Latin-1 would write "Venezuéla": byte E9, where UTF-8 has C3 A9. */
const latin1 = (original: Buffer) => {
  const at = original.indexOf("Venezuela") + "Venezu".length;
  return Buffer.concat([original.subarray(0, at), Buffer.from([0xe9]), original.subarray(at + 1)]);
};

function issuesOf(dir: string, options?: Parameters<typeof loadFacts>[1]) {
  try {
    loadFacts(dir, options);
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureError);
    return (err as FixtureError).issues;
  }
  throw new Error("fixtures were accepted");
}

describe("loadFacts", () => {
  it("loads the shipped fixtures", () => {
    const counts = loadFacts(FIXTURES).counts();
    expect(counts).toMatchObject({ sources: 1, countries: 7, leaders: 6, organizations: 3, sanctions: 4 });
    expect(counts.visits).toBeGreaterThanOrEqual(9);
  });

  it("refuses a dangling reference, naming file, JSON path and reason", () => {
    const dir = brokenFixtures("visits.json", (visits) => {
      visits[3].hostCountry = "atlantis";
    });
    expect(issuesOf(dir)).toEqual([
      { file: "fixtures/visits.json", path: "$[3].hostCountry", reason: 'unknown countries id "atlantis" (see countries.json)' },
    ]);
  });

  it("refuses a list over the bound the API serves plain lists to, and lets a connection's list grow", () => {
    const welcomed = brokenFixtures("visits.json", (visits) => {
      visits[0].receivedBy = Array.from({ length: MAX_LIST_ITEMS + 1 }, () => "yvan-gil");
    });
    expect(issuesOf(welcomed)).toEqual([
      {
        file: "fixtures/visits.json",
        path: "$[0].receivedBy",
        reason: `at most ${MAX_LIST_ITEMS} items: the API serves this list whole, and no larger`,
      },
    ]);
    const members = brokenFixtures("organizations.json", (organizations) => {
      const opec = organizations.find((o: { members: string[] }) => o.members.length > 0);
      opec.members = Array.from({ length: MAX_LIST_ITEMS + 1 }, () => opec.members[0]);
    });
    expect(() => loadFacts(members)).not.toThrow();
  });

  it("refuses a dangling reference nested in an array", () => {
    const dir = brokenFixtures("sanctions.json", (sanctions) => {
      sanctions[0].licenses[0].licensee = "exxon";
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/sanctions.json",
        path: "$[0].licenses[0].licensee",
        reason: 'unknown organizations id "exxon" (see organizations.json)',
      },
    ]);
  });

  it("refuses a quote that is not verbatim in its sentence", () => {
    const dir = brokenFixtures("leaders.json", (leaders) => {
      leaders[1].citations[0].quote = "President Nicolás Maduro";
    });
    const [issue, ...rest] = issuesOf(dir);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ file: "fixtures/leaders.json", path: "$[1].citations[0].quote" });
    expect(issue!.reason).toMatch(/not verbatim in sentence 2/);
  });

  it("refuses a citation of a sentence the source does not have", () => {
    const dir = brokenFixtures("countries.json", (countries) => {
      countries[0].citations[0].sentence = 16;
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/countries.json",
        path: "$[0].citations[0].sentence",
        reason: 'source "raisi-venezuela-2023" has 15 sentences, not 16',
      },
    ]);
  });

  it("refuses a source whose text or sentences are larger than the cost model prices them at", () => {
    let file = "";
    const dir = brokenFixtures("sources.json", (sources) => {
      file = sources[0].textFile;
      const more = Array.from({ length: 3_000 }, (_, i) => `Paragraph ${i + 1} says nothing new.`);
      sources[0].sentences.push(...more);
    });
    const text = readFileSync(path.join(dir, file), "utf8").trim();
    const sources = JSON.parse(readFileSync(path.join(dir, "sources.json"), "utf8"));
    const longer = `${text}\n${sources[0].sentences.slice(-3_000).join("\n")}\n`;
    writeFileSync(path.join(dir, file), longer);
    const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/sources.json",
        path: "$[0].textFile",
        reason: `${bytes(longer.trim())} bytes in an answer, over the ${MAX_SOURCE_TEXT_BYTES} the cost model prices a source's text at: split the source in two`,
      },
      {
        file: "fixtures/sources.json",
        path: "$[0].sentences",
        reason: `${bytes(sources[0].sentences)} bytes in an answer, over the ${MAX_SOURCE_TEXT_BYTES} the cost model prices a source's sentences at: split the source in two`,
      },
    ]);
  });

  it("refuses a source's sentences split where no sentence ends, naming the sentence", () => {
    // "Last year, the U.S. sent delegates…" cut after "U.S.", as ICU alone cuts "the U.S. Treasury".
    const dir = brokenFixtures("sources.json", (sources) => {
      const sentence: string = sources[0].sentences[7];
      const cut = sentence.indexOf("U.S.") + "U.S.".length;
      sources[0].sentences.splice(7, 1, sentence.slice(0, cut), sentence.slice(cut + 1));
    });
    const issues = issuesOf(dir);
    expect(issues[0]).toEqual({
      file: "fixtures/sources.json",
      path: "$[0].sentences[7]",
      reason: 'sentence 8: the next sentence starts in lower case ("sent delegates to Caracas to m…"), so a sentence does not end here',
    });
    // The numbers after it moved, so citations of later sentences no longer hold either.
    expect(issues.slice(1).every((i) => i.path.endsWith(".quote") && /not verbatim in sentence/.test(i.reason))).toBe(true);
  });

  it("refuses sentences that are not the source's text, or leave some of it out", () => {
    const dir = brokenFixtures("sources.json", (sources) => {
      sources[0].sentences[8] = "The South American country has the largest oil reserves.";
    });
    expect(issuesOf(dir)).toContainEqual({
      file: "fixtures/sources.json",
      path: "$[0].sentences[8]",
      reason:
        'sentence 9: is not the text where sentence 8 ended: after "…can country has the " ' +
        'the sentence has "largest oil reserves." where the text has "world\'s largest oil reserves.\\n…"',
    });
    const short = brokenFixtures("sources.json", (sources) => {
      sources[0].sentences.pop();
    });
    expect(issuesOf(short)).toContainEqual({
      file: "fixtures/sources.json",
      path: "$[0].sentences",
      reason: 'the text goes on after the last listed sentence: "Mahmoud Ahmadinejad made the l…"',
    });
  });

  it("catches two sentences listed as one through the citations that moved", () => {
    const dir = brokenFixtures("sources.json", (sources) => {
      const s = sources[0].sentences;
      s.splice(11, 2, `${s[11]} ${s[12]}`);
    });
    const issues = issuesOf(dir);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.file !== "fixtures/sources.json" && /sentence/.test(i.reason))).toBe(true);
  });

  it("asks for a source's sentences when they are missing", () => {
    const dir = brokenFixtures("sources.json", (sources) => {
      delete sources[0].sentences;
    });
    expect(issuesOf(dir)).toContainEqual({
      file: "fixtures/sources.json",
      path: "$[0].sentences",
      reason: "the text's sentences in order, as an array of strings (npm run fixtures:sentences drafts it)",
    });
  });

  it("refuses dates that are not real dates", () => {
    const dir = brokenFixtures("visits.json", (visits) => {
      visits[5].date.iso = "2023-02-30";
      visits[6].date.iso = "September 2016";
    });
    const issues = issuesOf(dir);
    expect(issues.map((i) => i.path)).toEqual(["$[5].date.iso", "$[6].date.iso"]);
    expect(issues.every((i) => i.file === "fixtures/visits.json" && /not a real date/.test(i.reason))).toBe(true);
  });

  it("refuses a date whose basis says other than its words: STATED exactly when the words give every part", () => {
    const dir = brokenFixtures("visits.json", (visits) => {
      visits[3].date.basis = "STATED"; // "Last year": resolved, not stated
      visits[4].date.basis = "DATELINE"; // "in June 2022": stated
      delete visits[5].date.basis;
    });
    const issues = issuesOf(dir);
    expect(issues.map((i) => [i.file, i.path])).toEqual([
      ["fixtures/visits.json", "$[3].date.basis"],
      ["fixtures/visits.json", "$[4].date.basis"],
      ["fixtures/visits.json", "$[5].date.basis"],
    ]);
    expect(issues[0]!.reason).toMatch(/STATED exactly when asWritten gives the year/);
  });

  it("refuses a quote that keeps the sentence's punctuation, in a citation or a statement", () => {
    const dir = brokenFixtures("statements.json", (statements) => {
      statements[0].quote += ",";
      statements[1].citations[0].quote += ".";
    });
    const issues = issuesOf(dir);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["$[0].quote", "$[1].citations[0].quote"]));
    expect(issues.find((i) => i.path === "$[0].quote")!.reason).toMatch(/punctuation of the sentence, not of the claim/);
  });

  it("refuses a source without its kind, or with a language that is not a canonical BCP 47 tag", () => {
    const dir = brokenFixtures("sources.json", (sources) => {
      delete sources[0].kind;
      sources[0].language = "en_US";
    });
    const issues = issuesOf(dir).filter((i) => i.file === "fixtures/sources.json");
    expect(issues.map((i) => i.path)).toEqual(["$[0].kind", "$[0].language"]);
    expect(issues[1]!.reason).toMatch(/BCP 47/);
  });

  it("refuses unknown enum values, unknown keys and duplicate ids", () => {
    const dir = brokenFixtures("visits.json", (visits) => {
      visits[0].status = "DONE";
      visits[1].hostCity = "Havana";
      visits[3].id = visits[2].id;
    });
    // The claims about the visit whose id was taken are reported too, as claims about an unknown visit.
    const issues = issuesOf(dir).filter((i) => i.file === "fixtures/visits.json");
    expect(issues.map((i) => i.path)).toEqual(["$[0].status", "$[1]", "$[3].id"]);
    expect(issues[0]!.reason).toMatch(/COMPLETED/);
    expect(issues[1]!.reason).toMatch(/hostCity/);
    expect(issues[2]!.reason).toMatch(/duplicate id "raisi-nicaragua-2023" \(first at \$\[2\]\)/);
  });

  it("refuses a Wikidata ID that is not an item's, or that two records claim; many may have none", () => {
    const dir = brokenFixtures("countries.json", (countries) => {
      countries[0].wikidataId = "717";
      countries[2].wikidataId = countries[1].wikidataId;
      countries[3].wikidataId = null;
      delete countries[4].wikidataId;
    });
    const issues = issuesOf(dir).filter((i) => i.file === "fixtures/countries.json");
    expect(issues.map((i) => [i.path, i.reason])).toEqual([
      ["$[0].wikidataId", expect.stringMatching(/Wikidata item ID/)],
      ["$[2].wikidataId", expect.stringMatching(/duplicate wikidataId "Q717" \(first at \$\[1\]\)/)],
    ]);
  });

  it("refuses a file that is not JSON", () => {
    const dir = brokenFixtures("sanctions.json", () => "[{ not json");
    const [issue] = issuesOf(dir);
    expect(issue).toMatchObject({ file: "fixtures/sanctions.json", path: "$" });
    expect(issue!.reason).toMatch(/not valid JSON/);
  });

  it("refuses a file that is not UTF-8, naming the file, the byte offset and the line, and nothing that only restates it", () => {
    const dir = fixturesWith("countries.json", latin1);
    const bytes = readFileSync(path.join(dir, "countries.json"));
    const offset = bytes.indexOf(0xe9);
    const line = bytes.subarray(0, offset).toString("latin1").split("\n").length;
    // Not a cascade of "unknown countries id" from every file that names a country.
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/countries.json",
        path: "$",
        reason: `not UTF-8: byte 0xE9 at byte offset ${offset} (line ${line}) does not begin or continue a valid UTF-8 character; save the file as UTF-8`,
      },
    ]);
  });

  it("takes a U+FFFD that the file spells in UTF-8, and finds the bad byte after it", () => {
    const dir = fixturesWith("countries.json", (original) =>
      latin1(Buffer.from(original.toString("utf8").replace("Venezuela", "Venezuela\uFFFD"))),
    );
    const bytes = readFileSync(path.join(dir, "countries.json"));
    const [issue] = issuesOf(dir);
    expect(issue!.reason).toContain(`byte 0xE9 at byte offset ${bytes.indexOf(0xe9)} `);
  });

  it("names a byte order mark as a BOM, and reports nothing that only restates it", () => {
    const dir = fixturesWith("countries.json", (original) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]));
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/countries.json",
        path: "$",
        reason: "starts with a UTF-8 byte order mark (BOM, bytes EF BB BF): save the file as UTF-8 without a BOM",
      },
    ]);
  });

  it("refuses a source text that is not UTF-8 on its own file, not as a sentence mismatch", () => {
    const text = "sources/000_1484703c7e77bf01.txt";
    const dir = fixturesWith(text, latin1);
    const offset = readFileSync(path.join(dir, text)).indexOf(0xe9);
    expect(issuesOf(dir)).toEqual([
      {
        file: `fixtures/${text}`,
        path: "$",
        reason: expect.stringMatching(
          new RegExp(
            `^not UTF-8: byte 0xE9 at byte offset ${offset} \\(line \\d+\\) .*\\(the text of source "[a-z0-9-]+", sources\\.json \\$\\[0\\]\\.textFile\\)$`,
          ),
        ),
      },
    ]);
    const bom = fixturesWith(text, (original) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]));
    expect(issuesOf(bom).map((i) => [i.file, i.reason.slice(0, 40)])).toEqual([
      [`fixtures/${text}`, "starts with a UTF-8 byte order mark (BOM"],
    ]);
  });

  it("refuses a JSON file it cannot parse without restating it as dangling references", () => {
    expect(issuesOf(brokenFixtures("countries.json", () => "[{ not json")).map((i) => i.file)).toEqual(["fixtures/countries.json"]);
  });

  it(`lists the first ${MAX_ISSUES_PER_FILE} problems of a file, then how many more`, () => {
    const dir = brokenFixtures("visits.json", () => Array.from({ length: 300 }, (_, i) => ({ id: `visit-${i}`, status: "DONE" })));
    const issues = issuesOf(dir).filter((i) => i.file === "fixtures/visits.json");
    expect(issues).toHaveLength(MAX_ISSUES_PER_FILE + 1);
    expect(issues.at(-1)).toEqual({
      file: "fixtures/visits.json",
      path: "$",
      reason: expect.stringMatching(new RegExp(`^and \\d+ more problems \\(the first ${MAX_ISSUES_PER_FILE} are listed\\)$`)),
    });
    const more = Number(/and (\d+) more/.exec(issues.at(-1)!.reason)![1]);
    expect(more).toBeGreaterThan(300 - MAX_ISSUES_PER_FILE);
  });

  it("refuses a file over the size setting before parsing it", () => {
    // Two MiB that are not JSON: only the size is reported, since the file is never parsed.
    const dir = brokenFixtures("visits.json", () => `[${" ".repeat(2 * 1024 * 1024)}`);
    expect(issuesOf(dir, { maxFileBytes: 1024 * 1024 }).filter((i) => i.file === "fixtures/visits.json")).toEqual([
      {
        file: "fixtures/visits.json",
        path: "$",
        reason: "file is 2.0 MiB, over the 1 MiB a fixture file may be (FIXTURE_MAX_MB): split it, or raise the setting",
      },
    ]);
    expect(() => loadFacts(FIXTURES, { maxFileBytes: 1024 * 1024 })).not.toThrow();
  });

  it("reports every problem at once, and serves nothing", () => {
    const dir = brokenFixtures("leaders.json", (leaders) => {
      leaders[0].country = "persia";
      leaders[2].citations = [];
    });
    expect(issuesOf(dir).map((i) => i.path)).toEqual(["$[2].citations", "$[0].country"]);
  });
});

describe("claims at load", () => {
  const byId = (claims: any[], id: string) => claims.find((c) => c.id === id);

  it("refuses a claimed field stated in the record itself: its values are claims, which say who asserts them", () => {
    const dir = brokenFixtures("visits.json", (visits) => {
      visits[0].meetings = ["nicolas-maduro"];
      visits[1].purpose = "Talks.";
    });
    expect(issuesOf(dir)).toEqual([
      {
        file: "fixtures/visits.json",
        path: "$[0].meetings",
        reason: expect.stringMatching(/each value is a claim about the record, in claims.json/),
      },
      { file: "fixtures/visits.json", path: "$[1].purpose", reason: expect.stringMatching(/claims.json/) },
    ]);
  });

  it("refuses a claim of a field its subject does not have, or a value of the wrong kind", () => {
    const dir = brokenFixtures("claims.json", (claims) => {
      claims[0].field = "weather";
      byId(claims, "raisi-venezuela-2023-meeting-nicolas-maduro").entity = { country: "venezuela" };
      byId(claims, "raisi-venezuela-2023-invitation").entity = { country: "venezuela" };
    });
    const issues = issuesOf(dir);
    // Shapes are checked first, as each record is read; then each claim against its subject's fields.
    expect(issues.map((i) => [i.path, i.reason])).toEqual([
      [expect.stringMatching(/^\$\[\d+\]\.text$/), "a claim's value is either a text or an entity, exactly one of them"],
      [
        "$[0].field",
        'Visit has no claimed field "weather" (its claimed fields: purpose, topics, invitation, invitedBy, meetings, characterizations)',
      ],
      [expect.stringMatching(/^\$\[\d+\]\.entity$/), '"meetings" holds leaders: give the value as entity.leader'],
    ]);
  });

  it("refuses a party's claim stated as happened, an attribution without its words, and a statement of another party", () => {
    const dir = brokenFixtures("claims.json", (claims) => {
      byId(claims, "raisi-venezuela-2023-purpose").assertion.modality = "HAPPENED";
      delete byId(claims, "raisi-cuba-2023-purpose").assertion.verb;
      byId(claims, "raisi-nicaragua-2023-purpose").assertion.statement = "tehran-on-amir-abdollahian-talks";
      byId(claims, "raisi-friendly-countries-2023-purpose").assertion.by = { leader: "nobody" };
    });
    const reasons = issuesOf(dir).map((i) => `${i.path.replace(/^\$\[\d+\]/, "")}: ${i.reason}`);
    expect(reasons).toEqual([
      ".assertion.modality: what a party asserts is CLAIMED, INTENDED or PLANNED: the source itself does not state that it happened",
      '.assertion.verb: an attributed fact gives the words of attribution, e.g. "said" or "according to"',
      // References first, as for every field; then whose the statement is.
      '.assertion.by.leader: unknown leaders id "nobody" (see leaders.json)',
      '.assertion.statement: statement "tehran-on-amir-abdollahian-talks" was made by another party than the one the assertion names (by)',
    ]);
  });

  it("reports an unknown statement of a claim once", () => {
    const dir = brokenFixtures("claims.json", (claims) => {
      byId(claims, "raisi-venezuela-2023-purpose").assertion.statement = "nothing-said";
    });
    expect(issuesOf(dir).map((i) => i.reason)).toEqual(['unknown statements id "nothing-said" (see statements.json)']);
  });

  it("refuses a characterisation in a party's voice, a link to a claim about another field, and two tour stops of one number", () => {
    const claimsDir = brokenFixtures("claims.json", (claims) => {
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
    const stopsDir = brokenFixtures("visits.json", (visits) => {
      visits.find((v) => v.id === "raisi-cuba-2023").stopNumber = 1;
      visits.find((v) => v.id === "maduro-iran-2022").stopNumber = 2;
    });
    expect(issuesOf(stopsDir).map((i) => i.reason)).toEqual([
      "a stop number needs the tour it is a stop of",
      'tour "raisi-friendly-countries-2023" already has stop 1: "raisi-venezuela-2023"',
    ]);
  });

  it("a visit in the source's own voice has the modality its status gives", () => {
    const dir = brokenFixtures("visits.json", (visits) => {
      visits[0].assertion = { modality: "HAPPENED" };
    });
    expect(issuesOf(dir).map((i) => [i.path, i.reason])).toEqual([
      ["$[0].assertion.modality", expect.stringMatching(/modality is the one its status gives/)],
    ]);
  });

  it("claims can be about exactly the tables that have claimed fields", () => {
    const claimed = TABLE_NAMES.filter((name) => (TABLES[name] as { claimed?: object }).claimed);
    expect(Object.values(CLAIM_SUBJECTS).sort()).toEqual([...claimed].sort());
  });
});
