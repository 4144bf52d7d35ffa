import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/facts/sentences";
import { FIXTURES } from "../helpers";

const article = readFileSync(path.join(FIXTURES, "sources", "000_1484703c7e77bf01.txt"), "utf8");

describe("splitSentences", () => {
  it("splits the article's 13 paragraphs into its 15 sentences", () => {
    expect(article.trim().split("\n")).toHaveLength(13);
    const sentences = splitSentences(article);
    expect(sentences).toHaveLength(15);
    expect(sentences[11]).toBe(
      "In 2020, Iran sent 1.5 million barrels of fuel to Venezuela along with supplies to help restart struggling refineries.",
    );
    expect(sentences[12]).toBe("Washington has since accused Iran of circumventing sanctions.");
  });

  it('does not end a sentence at "U.S." or at an ellipsis inside a quote', () => {
    const sentences = splitSentences(article);
    expect(sentences[7]).toMatch(/^Last year, the U\.S\. sent delegates .* to operate in Venezuela\.$/);
    expect(sentences[4]).toMatch(/^"Over the last two years, .*developed\.\.\. in the domains .* Irna news agency\.$/);
  });

  it("loses no text: the sentences join back into the article", () => {
    const squash = (s: string) => s.replace(/\s+/g, "");
    expect(squash(splitSentences(article).join(""))).toBe(squash(article));
  });
});
