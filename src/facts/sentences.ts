/**
 * A source's sentences are listed in its fixture record, because no splitter
 * gets news text right: "the U.S. Treasury said" and "at 5 p.m. The next day"
 * have the same shape, and a splitter that changes (a new ICU in a new Node)
 * would shift every citation's sentence number. `checkSentences` holds the
 * listed sentences to the text; `proposeSentences` drafts a list to review.
 */

// Titles stand before a name, so a sentence never ends at one ("Dr. Jones").
const TITLES = ["Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Capt", "Sgt", "Adm", "Sen", "Rep", "Gov", "Rev", "St"];
const ENDS_WITH_TITLE = new RegExp(`(?:^|[\\s("'“‘])(${TITLES.join("|")})\\.$`);
// "U.S.", "U.K.", "U.N.": in news these mostly go on ("U.S. State Department"), but may end one.
const ENDS_WITH_INITIALISM = /(?:^|[\s("'“‘])(?:\p{Lu}\.){2,}$/u;
/**
 * Words whose full stop belongs to the word, so that words quoted from a sentence may end in one
 * ("arrived at 9 a.m.", "Acme Inc."): the titles, name suffixes, company forms, "No." and the months
 * as news writes them. Neither ICU (V8 ignores its suppressions) nor CLDR's English suppression list
 * knows "p.m.", "Dr.", "Inc." or "Jr.", so the list is ours; case counts ("No." but not "no.").
 */
const ABBREVIATIONS = [
  ...TITLES,
  ...["Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "Bros", "No", "Nos", "etc", "vs", "approx"],
  ...["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"],
];
const ENDS_WITH_ABBREVIATION = new RegExp(
  [
    `(?:^|[\\s("'“‘])(?:${ABBREVIATIONS.join("|")})\\.$`,
    // An initial or an initialism: "John F.", "U.S.", "U.S.A.".
    "(?:^|[\\s.(\"'“‘])\\p{Lu}\\.$",
    // Lower-case ones: "a.m.", "p.m.", "e.g.", "i.e.".
    "(?:^|[\\s(\"'“‘])(?:\\p{Ll}\\.){2,}$",
  ].join("|"),
  "u",
);

/** True when a drafted sentence goes on after an initialism and a capital ("the U.S. Treasury"), where a sentence may have ended: worth a second look. */
export function mayEndAfterInitialism(sentence: string): boolean {
  return /(?:\p{Lu}\.){2,}\s+\p{Lu}/u.test(sentence);
}

/** True when `text` ends in an abbreviation whose full stop is part of it, not a sentence's end. */
export function endsInAbbreviation(text: string): boolean {
  return ENDS_WITH_ABBREVIATION.test(text);
}

const ENDS_A_SENTENCE = /[.!?…]["'”’)\]]*$/;
const STARTS_LOWER_CASE = /^["'“‘(]*\p{Ll}/u;
const STARTS_UPPER_CASE = /^["'“‘(]*\p{Lu}/u;

/** A problem with one listed sentence: its 0-based index (or the list's length for missing text) and why. */
export interface SentenceProblem {
  index: number;
  reason: string;
}

const excerpt = (s: string, n = 30) => JSON.stringify(s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * Why a sentence must not end between `sentence` and `next` (null when it may):
 * the rules a listed boundary is checked by and a proposed one is kept by.
 */
export function boundaryProblem(sentence: string, next: string | undefined, atLineEnd: boolean): string | null {
  const title = ENDS_WITH_TITLE.exec(sentence);
  if (title && next !== undefined) return `ends at the title "${title[1]}.", which stands before a name and does not end a sentence`;
  if (next !== undefined && STARTS_LOWER_CASE.test(next))
    return `the next sentence starts in lower case (${excerpt(next)}), so a sentence does not end here`;
  if (!atLineEnd && !ENDS_A_SENTENCE.test(sentence)) return "ends without . ? ! or … and not at the end of a line";
  return null;
}

/**
 * Checks that `sentences` are `text` cut at real boundaries: each one verbatim
 * from where the previous ended, only whitespace between them, none running
 * across a line break (a new line is a new paragraph), every boundary one a
 * sentence can end at, and no text left over.
 */
export function checkSentences(text: string, sentences: readonly string[]): SentenceProblem[] {
  const problems: SentenceProblem[] = [];
  let pos = 0;
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i]!;
    const gap = /^\s*/.exec(text.slice(pos))![0];
    if (i > 0 && gap === "") {
      problems.push({ index: i - 1, reason: `ends inside a word: the text goes on with ${excerpt(text.slice(pos))}` });
      return problems;
    }
    pos += gap.length;
    if (!text.startsWith(sentence, pos)) {
      let same = 0;
      while (same < sentence.length && sentence[same] === text[pos + same]) same++;
      const before = sentence.slice(Math.max(0, same - 20), same);
      problems.push({
        index: i,
        reason:
          `is not the text ${i === 0 ? "at its start" : `where sentence ${i} ended`}: ` +
          `${same > 0 ? `after ${JSON.stringify(`${same > 20 ? "…" : ""}${before}`)} ` : ""}` +
          `the sentence has ${excerpt(sentence.slice(same))} where the text has ${excerpt(text.slice(pos + same))}`,
      });
      return problems;
    }
    if (sentence.includes("\n")) problems.push({ index: i, reason: "runs across a line break; a new line always starts a new sentence" });
    pos += sentence.length;
    const after = /^\s*/.exec(text.slice(pos))![0];
    const atLineEnd = pos + after.length === text.length || after.includes("\n");
    const problem = boundaryProblem(sentence, sentences[i + 1], atLineEnd);
    if (problem) problems.push({ index: i, reason: problem });
  }
  const rest = text.slice(pos).trim();
  if (rest) problems.push({ index: sentences.length, reason: `the text goes on after the last listed sentence: ${excerpt(rest)}` });
  return problems;
}

/**
 * Drafts a source's sentence list for review: ICU's sentence rules line by line,
 * then rejoined where `boundaryProblem` says no sentence ends, and after an
 * initialism such as "U.S." when a capital follows. ICU alone splits "Mr. Smith"
 * and "The U.S. Treasury" (V8 ignores the `-u-ss-standard` suppressions).
 */
export function proposeSentences(text: string, locale = "en"): string[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
  const sentences: string[] = [];
  for (const line of text.split("\n")) {
    // Spans of the line, so a rejoined sentence keeps the text between its pieces verbatim.
    let start = -1;
    let end = -1;
    for (const { segment, index } of segmenter.segment(line)) {
      if (!segment.trim()) continue;
      const current = line.slice(start, end).trim();
      const piece = segment.trim();
      if (start >= 0 && !boundaryProblem(current, piece, false) && !(ENDS_WITH_INITIALISM.test(current) && STARTS_UPPER_CASE.test(piece))) {
        sentences.push(current);
        start = -1;
      }
      if (start < 0) start = index;
      end = index + segment.length;
    }
    if (start >= 0) sentences.push(line.slice(start, end).trim());
  }
  return sentences;
}
