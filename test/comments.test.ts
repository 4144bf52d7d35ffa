/**
 * Comments in src/ say why, in a line or two: no measurements, no dates, no pointers to files
 * outside the repository or to sections of the README. A figure goes stale the day it is written
 * and a pointer the day its target moves; docs/performance.md and the bench reports keep figures.
 * Comments are found by TypeScript's own parser, so strings (a setting's description, an error
 * message) are not comments; a date in quotes is an example of a format, not a note.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(__dirname, "..", "src");

/** What a comment must not hold, each with the reason a reader is given. */
const RULES: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /\d(?:[\d,.]*\d)?\s?(?:µs|ns|ms|[KMG]i?B|%)(?![\w/])/, why: "a measurement" },
  { pattern: /\d(?:[\d,.]*\d)?\s?(?:[KMG]B|req(?:uest)?s?)\/s\b/, why: "a rate measured" },
  { pattern: /\b(?:19|20)\d\d-[01]\d-[0-3]\d\b/, why: "a date" },
  { pattern: /\.scratch\b|(?:^|[\s(`])(?:\/work\/|\/tmp\/|~\/)/, why: "a file outside the repository" },
  { pattern: /README(?:\.md)?(?:'s)?\s+(?:section|§)|README\.md#|README's "/, why: "a section of the README" },
];

/** The comments of a TypeScript source, each with its line: those before or after any token, found once. */
function commentsOf(text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile("comments.ts", text, ts.ScriptTarget.Latest, true);
  const found = new Map<number, string>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) found.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found].map(([pos, comment]) => ({ line: source.getLineAndCharacterOfPosition(pos).line + 1, text: comment }));
}

/** Each comment of `text` that breaks a rule, as "line: why: the comment's words". */
function staleComments(text: string): string[] {
  const found: string[] = [];
  for (const comment of commentsOf(text)) {
    // Quoted text is an example of a value or a format, not a note.
    const words = comment.text.replace(/"[^"\n]*"|`[^`\n]*`/g, '""');
    for (const { pattern, why } of RULES) {
      const match = pattern.exec(words);
      if (match)
        found.push(
          `${comment.line}: ${why}: …${words
            .slice(Math.max(0, match.index - 30), match.index + 30)
            .replace(/\s+/g, " ")
            .trim()}…`,
        );
    }
  }
  return found;
}

describe("comments in src/", () => {
  it("find planted measurements, dates and pointers outside the repository, and pass strings and quoted examples", () => {
    const planted = [
      "// Caching the page took 34 ms of some 560.",
      "/** Saves 7% to 13% of the instructions. */",
      "const a = 1; // 2.8 MB/s at 9,000 requests/s",
      "/* Measured on 2026-12-02. */",
      "// See .scratch/jitmem.js for the heap profile.",
      "// As the README's section on limits says.",
      "// Holds 16 MiB at most.",
    ].join("\n");
    expect(staleComments(planted).map((problem) => problem.split(":").slice(0, 2).join(":"))).toEqual([
      "1: a measurement",
      "2: a measurement",
      "3: a rate measured",
      "4: a date",
      "5: a file outside the repository",
      "6: a section of the README",
      "7: a measurement",
    ]);
    const innocent = [
      'const description = "Capped at 16 MiB; about 5 ms a request.";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template's source, as the test's input
      "const template = `${a} 10 ms ${b}`; // Why the template is built once.",
      "const pattern = /https?:\\/\\/\\d+ ms/; // A regular expression is not a comment.",
      '// "2023-06-12" is a day, "2022-06" a month, `2007-01-01` too.',
      "// One of 100 IDs at most, every 5 minutes.",
    ].join("\n");
    expect(staleComments(innocent)).toEqual([]);
  });

  it("say why, without measurements, dates or pointers outside the repository", () => {
    const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(50);
    const problems = files.flatMap((file) =>
      staleComments(readFileSync(path.join(SRC, file), "utf8")).map((problem) => `src/${file.split(path.sep).join("/")}:${problem}`),
    );
    expect(problems).toEqual([]);
  });
});
