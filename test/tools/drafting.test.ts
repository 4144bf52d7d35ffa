/** The language work behind `npm run source:new` (tools/drafting/), as pure functions. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { directionOf, draftDates, resolvePhrase } from "../../tools/drafting/dates";
import { cleanName, draftNames, type KnownEntity } from "../../tools/drafting/names";
import { draftSourceFile } from "../../tools/drafting/source-file";
import { proposeSentences } from "../../src/facts/sentences";
import { FIXTURES } from "../helpers";

const FIRST_ARTICLE = readFileSync(path.join(FIXTURES, "sources", "raisi-venezuela-2023", "text.txt"), "utf8").trim();

describe("draftDates", () => {
  it("resolves the first article's dates as its analyst did, and leaves a span it cannot date unresolved", () => {
    const { dates, unresolved } = draftDates(proposeSentences(FIRST_ARTICLE), "2023-06-12");
    expect(dates.map((d) => [d.sentence, d.asWritten, d.iso, d.precision, d.basis])).toEqual([
      [1, "on Monday", "2023-06-12", "DAY", "DATELINE"],
      // The day of sentence 1's arrival, not the article's date.
      [2, "later in the day", "2023-06-12", "DAY", "CONTEXT"],
      [4, "last year", "2022", "YEAR", "DATELINE"],
      [8, "Last year", "2022", "YEAR", "DATELINE"],
      // "after talks resumed ... in November": the latest November before a June article.
      [8, "in November", "2022-11", "MONTH", "DATELINE"],
      [10, "in June 2022", "2022-06", "MONTH", "STATED"],
      [11, "In February", "2023-02", "MONTH", "DATELINE"],
      [12, "In 2020", "2020", "YEAR", "STATED"],
      [14, "in September 2016", "2016-09", "MONTH", "STATED"],
      [15, "in 2007", "2007", "YEAR", "STATED"],
    ]);
    expect(unresolved).toEqual([
      { sentence: 5, asWritten: "last two years", reason: "a span of time, not a date: a period with its start, end and duration" },
    ]);
  });

  it("reads a day name back in a past sentence and forward in one to come, from a Wednesday", () => {
    const { dates } = draftDates(
      [
        "The minister arrived in Caracas on Tuesday.",
        "She will meet Maduro on Friday.",
        "He arrived at 9 a.m. on Tuesday.",
        "They met last Wednesday.",
      ],
      "2023-06-14",
    );
    expect(dates.map((d) => [d.asWritten, d.iso])).toEqual([
      ["on Tuesday", "2023-06-13"],
      ["on Friday", "2023-06-16"],
      // The time of day is left out of the date's words.
      ["on Tuesday", "2023-06-13"],
      ["last Wednesday", "2023-06-07"],
    ]);
  });

  it("lists what it cannot resolve safely instead of guessing", () => {
    const { dates, unresolved } = draftDates(
      [
        "They will meet next week.",
        "He said he will come back on Friday.",
        "The talks were due to resume on Friday.",
        "Talks resume next Friday.",
      ],
      "2023-06-14",
    );
    expect(dates).toEqual([]);
    expect(unresolved.map((u) => [u.sentence, u.asWritten])).toEqual([
      [1, "next week"],
      [2, "Friday"],
      [3, "on Friday"],
      [4, "next Friday"],
    ]);
  });

  it('dates "later in the day" by the day of the events before it, not by the report\'s date', () => {
    const { dates, unresolved } = draftDates(
      ["The minister arrived on Tuesday.", "She met the president later in the day.", "Talks went on.", "They ended later in the day."],
      "2023-06-14",
    );
    expect(dates.map((d) => [d.sentence, d.asWritten, d.iso, d.basis])).toEqual([
      [1, "on Tuesday", "2023-06-13", "DATELINE"],
      [2, "later in the day", "2023-06-13", "CONTEXT"],
    ]);
    expect(unresolved.map((u) => [u.sentence, u.asWritten])).toEqual([[4, "later in the day"]]);
  });

  it("dates the day after or before the events around it from their day", () => {
    const { dates, unresolved } = draftDates(
      [
        "He arrived on Monday and left the next day.",
        "A day later he was in Havana.",
        "The talks ended.",
        "On the previous day he met Gil.",
      ],
      "2023-06-14",
    );
    expect(dates.map((d) => [d.sentence, d.asWritten, d.iso, d.basis])).toEqual([
      [1, "on Monday", "2023-06-12", "DATELINE"],
      [1, "the next day", "2023-06-13", "CONTEXT"],
      [2, "A day later", "2023-06-14", "CONTEXT"],
    ]);
    expect(unresolved.map((u) => [u.sentence, u.asWritten])).toEqual([[4, "On the previous day"]]);
  });

  it("without the source's date, resolves only what the words date themselves", () => {
    const { dates, unresolved } = draftDates(["He visited in March 2021 and again on Monday."], null);
    expect(dates.map((d) => [d.asWritten, d.iso, d.basis])).toEqual([["in March 2021", "2021-03", "STATED"]]);
    expect(unresolved.map((u) => u.asWritten)).toEqual(["on Monday"]);
  });
});

describe("resolvePhrase", () => {
  const published = "2023-06-12"; // a Monday
  it.each([
    ["on Monday", null, "2023-06-12", "DAY"],
    ["last year", null, "2022", "YEAR"],
    ["this month", null, "2023-06", "MONTH"],
    ["last month", null, "2023-05", "MONTH"],
    ["next year", null, "2024", "YEAR"],
    ["in March 2021", null, "2021-03", "MONTH"],
    ["on June 5, 2019", null, "2019-06-05", "DAY"],
    ["5 June 2019", null, "2019-06-05", "DAY"],
    ["last March", null, "2023-03", "MONTH"],
    ["last June", null, "2022-06", "MONTH"],
    ["next March", null, "2024-03", "MONTH"],
    ["in March", "PAST", "2023-03", "MONTH"],
    ["in March", "FUTURE", "2024-03", "MONTH"],
    ["on 3 May", "PAST", "2023-05-03", "DAY"],
    ["on Sept. 3", "PAST", "2022-09-03", "DAY"],
    ["yesterday", null, "2023-06-11", "DAY"],
    ["tomorrow", null, "2023-06-13", "DAY"],
    ["later today", null, "2023-06-12", "DAY"],
    ["three days ago", null, "2023-06-09", "DAY"],
    ["two years ago", null, "2021", "YEAR"],
    ["on Friday", "PAST", "2023-06-09", "DAY"],
    ["on Friday", "FUTURE", "2023-06-16", "DAY"],
    ["last Monday", null, "2023-06-05", "DAY"],
  ] as const)("%s (%s) is %s", (phrase, direction, iso, precision) => {
    expect(resolvePhrase(phrase, published, direction)).toEqual({ iso, precision });
  });

  it.each([
    ["on Friday", null],
    ["in March", null],
    ["next week", "PAST"],
    ["next Friday", "FUTURE"],
    ["on 31 February", "PAST"],
    ["the following day", "PAST"],
    ["in the spring of 2020", null],
    ["on Monday", "FUTURE"],
    ["later in the day", "PAST"],
  ] as const)("leaves %s (%s) unresolved", (phrase, direction) => {
    expect(resolvePhrase(phrase, published, direction)).toHaveProperty("reason");
  });

  it("reads a sentence's tense from its verbs, and an unfinished plan as none", () => {
    expect(directionOf("The minister arrived and was welcomed by Gil.")).toBe("PAST");
    expect(directionOf("She will meet Maduro.")).toBe("FUTURE");
    expect(directionOf("He was due to meet Maduro.")).toBeNull();
    expect(directionOf("He said he will come back.")).toBeNull();
  });
});

describe("draftNames", () => {
  const known: KnownEntity[] = [
    { kind: "countries", typename: "Country", id: "united-states", names: ["United States", "U.S.", "US"] },
    { kind: "countries", typename: "Country", id: "venezuela", names: ["Venezuela", "VE"] },
    { kind: "leaders", typename: "Leader", id: "yvan-gil", names: ["Yvan Gil"], person: true },
    { kind: "leaders", typename: "Leader", id: "nicolas-maduro", names: ["Nicolás Maduro"], person: true },
    { kind: "organizations", typename: "Organization", id: "opec", names: ["OPEC"] },
  ];

  it("matches names and aliases whole, longest first, accents aside, a surname alone, and never a lower-case word", () => {
    const { matched } = draftNames(
      [
        "Foreign Minister Yvan Gil met Nicolas Maduro in Venezuela.",
        "Gil said the U.S. and OPEC would help us.",
        "Maduro thanked the United States.",
        "Venezuelans voted.",
      ],
      known,
    );
    expect(matched.map((m) => [m.id, m.mentions.map((x) => `${x.sentence}:${x.asWritten}`)])).toEqual([
      ["yvan-gil", ["1:Yvan Gil", "2:Gil"]],
      ["nicolas-maduro", ["1:Nicolas Maduro", "3:Maduro"]],
      ["venezuela", ["1:Venezuela"]],
      ["united-states", ["2:U.S.", "3:United States"]],
      ["opec", ["2:OPEC"]],
    ]);
  });

  it("lists the people, places and organizations no known entity carries, titles aside, a surname folded into its full name", () => {
    const { candidates } = draftNames(
      [
        "Foreign Minister Ana Torres arrived in Caracas on Tuesday, the ministry said.",
        "Adviser Maria Lopez said the visit was about trade.",
        "Lopez said the talks lasted three hours.",
      ],
      known,
    );
    expect(candidates.map((c) => [c.kind, c.name, c.mentions.map((m) => m.sentence)])).toEqual([
      ["PERSON", "Ana Torres", [1]],
      ["PLACE", "Caracas", [1]],
      ["PERSON", "Maria Lopez", [2, 3]],
    ]);
  });

  it("cleans a found name of the sentence around it", () => {
    expect(cleanName("President Ebrahim Raisi,", "PERSON")).toBe("Ebrahim Raisi");
    expect(cleanName("Irna news agency.", "ORGANIZATION")).toBe("Irna");
    expect(cleanName("Venezuela's", "PLACE")).toBe("Venezuela");
    expect(cleanName("the U.S.", "PLACE")).toBe("U.S.");
    expect(cleanName("Bank of England", "ORGANIZATION")).toBe("Bank of England");
  });
});

describe("draftSourceFile", () => {
  const draft = draftSourceFile({
    textFile: "text.txt",
    drafted: "article.txt",
    publishedOn: "2023-06-14",
    publisher: null,
    sentences: ["The U.S. Treasury said Gil arrived on Tuesday.", "He left at noon."],
    dates: [{ sentence: 1, asWritten: "on Tuesday", iso: "2023-06-13", precision: "DAY", basis: "DATELINE" }],
    unresolved: [{ sentence: 2, asWritten: "at noon", reason: "a time of day" }],
    matched: [{ kind: "leaders", typename: "Leader", id: "yvan-gil", name: "Yvan Gil", mentions: [{ sentence: 1, asWritten: "Gil" }] }],
    candidates: [{ kind: "ORGANIZATION", name: "U.S. Treasury", mentions: [{ sentence: 1, asWritten: "U.S. Treasury" }] }],
  });

  it("holds the source and its sentences as data, and every guess as a comment beside its sentence", () => {
    expect(parse(draft)).toEqual({
      kind: "NEWS_ARTICLE",
      language: "en",
      title: null,
      publisher: null,
      byline: null,
      url: null,
      textFile: "text.txt",
      publishedOn: { iso: "2023-06-14", asWritten: null, basis: "PUBLICATION" },
      sentences: ["The U.S. Treasury said Gil arrived on Tuesday.", "He left at noon."],
    });
    expect(draft).toContain(
      '  # 1: may a sentence end after the initialism?; "on Tuesday" = 2023-06-13 (DATELINE); "Gil" = leaders yvan-gil; "U.S. Treasury" new organization?\n',
    );
    expect(draft).toContain('  # 2: "at noon" unresolved\n');
  });

  it('writes each draft block so that taking out its lines\' "# " makes it data', () => {
    const lines = draft.split("\n");
    const uncommented = (from: number) =>
      lines
        .slice(from, from + 5)
        .map((l) => l.replace(/^# /, ""))
        .join("\n");
    const date = lines.indexOf("# sentence 1, day:") + 1;
    expect(parse(uncommented(date).split("\n")[0]!)).toEqual({ date: { iso: "2023-06-13", asWritten: "on Tuesday", basis: "DATELINE" } });
    const entities = lines.findIndex((l) => l.startsWith("# Entities the graph holds")) + 1;
    expect(parse(uncommented(entities))).toEqual({ leaders: { "yvan-gil": { citations: [{ sentence: 1, quote: "Gil" }] } } });
  });
});
