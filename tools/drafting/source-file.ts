/**
 * The draft of a source file: what `npm run source:new` writes. The file loads as it is written
 * (a source with its sentences and no facts yet), and every guess (a date, an entity, a new name)
 * is a comment beside its sentence and a block at the end, valid YAML once uncommented: the
 * analyst confirms by uncommenting and corrects by editing, and never has to delete scaffolding
 * for the file to load.
 */
import { Document, isSeq, stringify } from "yaml";
import { mayEndAfterInitialism } from "../../src/facts/sentences";
import type { DraftDate, UnresolvedDate } from "./dates";
import type { Candidate, MatchedEntity } from "./names";

export interface DraftSource {
  /** The text's file name, beside the source file. */
  textFile: string;
  /** The name of the file the draft was made from. */
  drafted: string;
  /** The publication date, "YYYY-MM-DD". */
  publishedOn: string;
  publisher: string | null;
  sentences: readonly string[];
  dates: readonly DraftDate[];
  unresolved: readonly UnresolvedDate[];
  matched: readonly MatchedEntity[];
  candidates: readonly Candidate[];
}

/** A block of YAML as comment lines, so that removing each line's "# " restores it. */
const commented = (yaml: string) =>
  yaml
    .trimEnd()
    .split("\n")
    .map((line) => `# ${line}`.trimEnd());

const YAML_OPTIONS = { lineWidth: 0 } as const;

/** What the draft found in one sentence, for the comment above it. */
function sentenceNotes(n: number, draft: DraftSource): string[] {
  const notes: string[] = [];
  if (mayEndAfterInitialism(draft.sentences[n - 1] ?? "")) notes.push("may a sentence end after the initialism?");
  for (const d of draft.dates.filter((x) => x.sentence === n)) notes.push(`"${d.asWritten}" = ${d.iso} (${d.basis})`);
  for (const u of draft.unresolved.filter((x) => x.sentence === n)) notes.push(`"${u.asWritten}" unresolved`);
  for (const m of draft.matched)
    for (const mention of m.mentions.filter((x) => x.sentence === n)) notes.push(`"${mention.asWritten}" = ${m.kind} ${m.id}`);
  for (const c of draft.candidates)
    for (const mention of c.mentions.filter((x) => x.sentence === n)) notes.push(`"${mention.asWritten}" new ${c.kind.toLowerCase()}?`);
  return notes;
}

/** The draft source file's text, YAML. */
export function draftSourceFile(draft: DraftSource): string {
  const doc = new Document(
    {
      kind: "NEWS_ARTICLE",
      language: "en",
      title: null,
      publisher: draft.publisher,
      byline: null,
      url: null,
      textFile: draft.textFile,
      publishedOn: { iso: draft.publishedOn, asWritten: null, basis: "PUBLICATION" },
      sentences: draft.sentences,
    },
  );
  doc.commentBefore = [
    " yaml-language-server: $schema=../../../schema/source.schema.json",
    ` Drafted by npm run source:new from ${draft.drafted}. It loads as it is: a source and its sentences.`,
    " Check the sentences (citations count them from 1), then confirm the drafts in the comments:",
    " uncomment what the source states, correct what is wrong, and add the facts it states.",
  ].join("\n");
  const sentences = doc.get("sentences", true);
  if (isSeq(sentences)) {
    sentences.items.forEach((item, i) => {
      const notes = sentenceNotes(i + 1, draft);
      (item as { commentBefore?: string }).commentBefore = ` ${i + 1}${notes.length ? `: ${notes.join("; ")}` : ""}`;
    });
  }

  const blocks: string[] = [""];
  if (draft.dates.length > 0) {
    blocks.push("# Dates, as resolved against publishedOn: each a date field to paste into a fact of its sentence.");
    for (const d of draft.dates) {
      const date = stringify({ iso: d.iso, asWritten: d.asWritten, basis: d.basis }, { ...YAML_OPTIONS, collectionStyle: "flow" });
      blocks.push(`# sentence ${d.sentence}, ${d.precision.toLowerCase()}:`, ...commented(`date: ${date}`));
    }
    blocks.push("");
  }
  if (draft.unresolved.length > 0) {
    blocks.push("# Words about time left unresolved: date them by hand where a fact needs it.");
    for (const u of draft.unresolved) blocks.push(`#   sentence ${u.sentence}, "${u.asWritten}": ${u.reason}`);
    blocks.push("");
  }
  if (draft.matched.length > 0) {
    blocks.push("# Entities the graph holds, cited where this source names them: uncomment those it means.");
    const byKind: Record<string, Record<string, { citations: { sentence: number; quote: string }[] }>> = {};
    for (const m of draft.matched) {
      byKind[m.kind] ??= {};
      byKind[m.kind]![m.id] = { citations: m.mentions.map((x) => ({ sentence: x.sentence, quote: x.asWritten })) };
    }
    blocks.push(...commented(stringify(byKind, YAML_OPTIONS)));
    blocks.push("");
  }
  if (draft.candidates.length > 0) {
    blocks.push("# Names the graph does not hold: declare those you keep in the identity file before citing them.");
    for (const c of draft.candidates)
      blocks.push(`#   ${c.kind.toLowerCase()} "${c.name}": sentence${c.mentions.length > 1 ? "s" : ""} ${[...new Set(c.mentions.map((m) => m.sentence))].join(", ")}`);
    blocks.push("");
  }
  return `${doc.toString(YAML_OPTIONS).trimEnd()}\n${blocks.join("\n")}`;
}
