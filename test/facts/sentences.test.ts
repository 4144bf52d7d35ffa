import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { endsInSentencePunctuation } from "../../src/facts/records";
import { checkSentences, proposeSentences } from "../../src/facts/sentences";
import { FIXTURES } from "../helpers";

const ARTICLE = path.join(FIXTURES, "sources", "raisi-venezuela-2023");
const article = readFileSync(path.join(ARTICLE, "text.txt"), "utf8").trim();
const listed: string[] = parse(readFileSync(path.join(ARTICLE, "source.yaml"), "utf8")).sentences;

// Each case is the sentences it must split into; the text is them joined by a space.
const TORTURE: string[][] = [
  ["We called the U.S. State Department on Friday."],
  ["The U.S. Treasury said it would act.", "Officials agreed."],
  ["Mr. Smith met Dr. Jones in Caracas."],
  ["Gen. Vladimir Padrino met Sen. Marco Rubio."],
  ["The deal was signed on Jan. 5 in St. Louis."],
  ["They met at 9 a.m. on Monday."],
  ["They met at 5 p.m.", "The next day they left."],
  ['"Why now?" he asked.'],
  ['He asked "Why now?"', "Then he left."],
  ['"Stop!" she shouted.'],
  ['She shouted "Stop!"', "Nobody moved."],
  // An ellipsis ends a sentence only when a capital follows.
  ["Cooperation has developed... in the domains of industry."],
  ["It ended...", "The next day they left."],
  ["Iran sent 1.5 million barrels.", "Washington objected."],
  ["They sanctioned Iran.", "Washington objected."],
];

describe("endsInSentencePunctuation", () => {
  // The full stop closes the abbreviation: the quote keeps it, and it is not the sentence's.
  it.each([
    "arrived at 9 a.m.",
    "left at 5 p.m.",
    "was welcomed by Dr.",
    "a letter to Mr.",
    "a contract with Acme Inc.",
    "Martin Luther King Jr.",
    "Resolution No.",
    "sanctioned by the U.S.",
    "signed by John F.",
    "oil, gas, etc.",
  ])("accepts a quote ending in an abbreviation: %j", (quote) => {
    expect(endsInSentencePunctuation(quote)).toBe(false);
  });

  it.each([
    "the talks lasted three hours.",
    "he said no.",
    "the visit was a success.",
    "they met in Caracas,",
    "the aim was this:",
    "it ended;",
    "arrived at 9 am.",
  ])("refuses a quote ending in the sentence's punctuation: %j", (quote) => {
    expect(endsInSentencePunctuation(quote)).toBe(true);
  });

  it("keeps an ellipsis, which marks words left out", () => {
    expect(endsInSentencePunctuation("cooperation has developed...")).toBe(false);
  });
});

describe("proposeSentences", () => {
  it.each(TORTURE.map((sentences) => [sentences.join(" "), sentences]))("splits %j", (text, sentences) => {
    expect(proposeSentences(text)).toEqual(sentences);
  });

  it("drafts exactly the article's listed sentences", () => {
    expect(article.split("\n")).toHaveLength(13);
    expect(listed).toHaveLength(15);
    expect(proposeSentences(article)).toEqual(listed);
  });

  it("ends a sentence at every line end", () => {
    expect(proposeSentences("A headline without a stop\nThe body. It goes on")).toEqual([
      "A headline without a stop",
      "The body.",
      "It goes on",
    ]);
  });
});

describe("checkSentences", () => {
  it("accepts the article's listed sentences and every torture case", () => {
    expect(checkSentences(article, listed)).toEqual([]);
    for (const sentences of TORTURE) expect(checkSentences(sentences.join(" "), sentences)).toEqual([]);
  });

  it("refuses a sentence ending at a title", () => {
    expect(checkSentences("Mr. Smith met Dr. Jones.", ["Mr. Smith met Dr.", "Jones."])).toEqual([
      { index: 0, reason: 'ends at the title "Dr.", which stands before a name and does not end a sentence' },
    ]);
  });

  it("refuses a boundary before a lower-case word (after a quoted ? or an ellipsis)", () => {
    expect(checkSentences('"Why now?" he asked.', ['"Why now?"', "he asked."])).toEqual([
      { index: 0, reason: 'the next sentence starts in lower case ("he asked."), so a sentence does not end here' },
    ]);
    expect(checkSentences("It developed... in industry.", ["It developed...", "in industry."])[0]?.index).toBe(0);
  });

  it("refuses a boundary inside a word or a number", () => {
    expect(checkSentences("Iran sent 1.5 million barrels.", ["Iran sent 1.", "5 million barrels."])).toEqual([
      { index: 0, reason: 'ends inside a word: the text goes on with "5 million barrels."' },
    ]);
  });

  it("refuses a boundary where no sentence can end", () => {
    expect(checkSentences("Iran sent fuel to Venezuela.", ["Iran sent fuel to", "Venezuela."])).toEqual([
      { index: 0, reason: "ends without . ? ! or … and not at the end of a line" },
    ]);
  });

  it("refuses a sentence that is not the text, naming where they part", () => {
    expect(checkSentences("One. Two words. Three.", ["One.", "Two wards.", "Three."])).toEqual([
      {
        index: 1,
        reason: 'is not the text where sentence 1 ended: after "Two w" the sentence has "ards." where the text has "ords. Three."',
      },
    ]);
  });

  it("refuses a sentence across a line break, and text left over", () => {
    expect(checkSentences("One.\nTwo.", ["One.\nTwo."])).toEqual([
      { index: 0, reason: "runs across a line break; a new line always starts a new sentence" },
    ]);
    expect(checkSentences("One. Two.", ["One."])).toEqual([
      { index: 1, reason: 'the text goes on after the last listed sentence: "Two."' },
    ]);
  });
});

describe("npm run fixtures:sentences", () => {
  const cli = path.resolve(__dirname, "..", "..", "dist", "scripts", "draft-sentences.js");

  it("drafts the sentences into the source file beside the text, and flags boundaries to review", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "newsfacts-"));
    try {
      const file = path.join(dir, "text.txt");
      writeFileSync(file, "The U.S. Treasury said Mr. Smith left.\nIt ended... The next day he came back.\n");
      const run = spawnSync(process.execPath, [cli, file], { encoding: "utf8" });
      expect(run.status).toBe(0);
      const sourceFile = path.join(dir, "source.yaml");
      expect(run.stdout).toBe(`started ${sourceFile}: 3 sentences\n`);
      const draft = parse(readFileSync(sourceFile, "utf8"));
      expect(draft).toEqual({
        textFile: "text.txt",
        sentences: ["The U.S. Treasury said Mr. Smith left.", "It ended...", "The next day he came back."],
      });
      expect(checkSentences(readFileSync(file, "utf8").trim(), draft.sentences)).toEqual([]);
      expect(run.stderr).toContain("check sentence 1: does it end after the initialism? The U.S. Treasury said Mr. Smith left.\n");
      expect(readFileSync(sourceFile, "utf8")).toMatch(/^# yaml-language-server: \$schema=.*schema\/source\.schema\.json\n/);

      // Again, on a source file the analyst has filled in: only its sentences change.
      writeFileSync(file, "It ended. The next day he came back.\n");
      writeFileSync(sourceFile, "# the analyst's note\nkind: NEWS_ARTICLE # as published\ntextFile: text.txt\nsentences: [old]\n");
      expect(spawnSync(process.execPath, [cli, file], { encoding: "utf8" }).status).toBe(0);
      expect(readFileSync(sourceFile, "utf8")).toBe(
        "# the analyst's note\nkind: NEWS_ARTICLE # as published\ntextFile: text.txt\nsentences:\n  - It ended.\n  - The next day he came back.\n",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says how to call it when no file is given", () => {
    const run = spawnSync(process.execPath, [cli], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: npm run fixtures:sentences -- <text file>/);
  });
});
