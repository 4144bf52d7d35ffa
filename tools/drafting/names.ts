/**
 * The names of a source's sentences: those of entities the graph already holds, matched by name
 * and alias as search normalizes them (case, accents and punctuation aside), and the people,
 * places and organizations compromise finds that match none, as candidates for the analyst.
 */
import nlp from "compromise";
import { normalizeName } from "../../src/facts/search";

/** An entity the graph holds: its kind (as a fixture keys it), type, id and names as written, the primary name first. */
export interface KnownEntity {
  kind: string;
  typename: string;
  id: string;
  names: readonly string[];
  /** A person, whose surname alone also names them when no other known person has it. */
  person?: boolean;
}

/** Where a sentence names something: 1-based sentence number and the words as written there. */
export interface NameMention {
  sentence: number;
  asWritten: string;
}

export interface MatchedEntity {
  kind: string;
  typename: string;
  id: string;
  /** The primary name. */
  name: string;
  mentions: NameMention[];
}

export type CandidateKind = "PERSON" | "PLACE" | "ORGANIZATION";

/** A name compromise finds that no known entity carries. */
export interface Candidate {
  kind: CandidateKind;
  name: string;
  mentions: NameMention[];
}

/** Words that stand before a name without being part of it ("Foreign Minister Yvan Gil"). */
const TITLE_WORDS = new Set(
  [
    "president",
    "vice",
    "prime",
    "foreign",
    "interior",
    "defense",
    "defence",
    "finance",
    "minister",
    "deputy",
    "secretary",
    "general",
    "ambassador",
    "envoy",
    "adviser",
    "advisor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "sheikh",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "the",
  ].map(normalizeName),
);
/** Lower-case words a name may hold between its capitalized ones ("Bank of England", "Nicolás de la Cruz"). */
const CONNECTORS = /^(?:of|the|and|de|del|la|le|da|do|dos|van|von|al|el|bin|ibn)$/;

/**
 * `text` normalized as search normalizes names, with the position in `text` of each character,
 * so that a match in the normalized text can be cut from `text` verbatim.
 */
function normalizedWithPositions(text: string): { normal: string; at: number[] } {
  let normal = "";
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const ch of normalizeName(text[i]!) || " ") {
      if (ch === " " && (normal === "" || normal.endsWith(" "))) continue;
      normal += ch;
      at.push(i);
    }
  }
  return { normal, at };
}

/** Every place `name` (normalized) stands in `normal` as whole words. */
function* wordMatches(normal: string, name: string): Generator<number> {
  for (let i = normal.indexOf(name); i >= 0; i = normal.indexOf(name, i + 1)) {
    const before = i === 0 || normal[i - 1] === " ";
    const after = i + name.length === normal.length || normal[i + name.length] === " ";
    if (before && after) yield i;
  }
}

interface Span {
  start: number;
  end: number;
}

const overlaps = (a: Span, spans: readonly Span[]) => spans.some((b) => a.start < b.end && b.start < a.end);

/** The words of a library's name without the sentence's punctuation, a possessive, titles before it or common words after it. */
export function cleanName(words: string, kind: CandidateKind): string {
  let parts = words
    .replace(/[’']s$|[’']$/u, "")
    .replace(/[^\p{L}\p{N}.)]+$/u, "")
    .replace(/\.$/, (stop, _at: number, all: string) => (/(?:^|\s)(?:\p{Lu}\.)+$/u.test(all) ? stop : ""))
    .replace(/^[^\p{L}\p{N}]+/u, "")
    .split(/\s+/);
  while (parts.length > 1 && (TITLE_WORDS.has(normalizeName(parts[0]!)) || (kind !== "PERSON" && /^\p{Ll}/u.test(parts[0]!)))) parts = parts.slice(1);
  // A name's words are capitalized: "Irna news agency" is the name "Irna" and a common noun.
  while (parts.length > 0 && /^\p{Ll}/u.test(parts.at(-1)!)) parts = parts.slice(0, -1);
  if (parts.some((w) => /^\p{Ll}/u.test(w) && !CONNECTORS.test(w))) return "";
  return parts.join(" ");
}

/**
 * The known entities `sentences` name, each with where; then the names compromise finds there that
 * none of them carries. A longer name wins over a shorter one inside it, and a name must be
 * capitalized in the text ("US", never the pronoun "us").
 */
export function draftNames(sentences: readonly string[], known: readonly KnownEntity[]): { matched: MatchedEntity[]; candidates: Candidate[] } {
  // Each normalized name once, longest first, with the entities that carry it.
  const byName = new Map<string, KnownEntity[]>();
  const add = (name: string, entity: KnownEntity) => {
    const key = normalizeName(name);
    if (!key) return;
    const list = byName.get(key) ?? [];
    if (!list.includes(entity)) list.push(entity);
    byName.set(key, list);
  };
  for (const entity of known) for (const name of entity.names) add(name, entity);
  // A surname names a person only when no other known person, and no other name, is that word.
  const surnames = new Map<string, KnownEntity[]>();
  for (const entity of known.filter((e) => e.person)) {
    const last = normalizeName(entity.names[0] ?? "")
      .split(" ")
      .at(-1);
    if (last) surnames.set(last, [...(surnames.get(last) ?? []), entity]);
  }
  for (const [surname, people] of surnames) if (people.length === 1 && !byName.has(surname)) add(surname, people[0]!);
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);

  const matched = new Map<KnownEntity, MatchedEntity>();
  const positions = new Map<NameMention, number>();
  const candidates = new Map<string, Candidate>();
  sentences.forEach((sentence, i) => {
    const { normal, at } = normalizedWithPositions(sentence);
    const taken: Span[] = [];
    for (const name of names) {
      const entities = byName.get(name)!;
      for (const start of wordMatches(normal, name)) {
        const span = { start: at[start]!, end: at[start + name.length - 1]! + 1 };
        // An initialism keeps its last full stop ("U.S."), which normalizing dropped.
        if (sentence[span.end] === "." && /(?:^|\.)\p{Lu}$/u.test(sentence.slice(span.start, span.end))) span.end++;
        const asWritten = sentence.slice(span.start, span.end);
        if (overlaps(span, taken) || !/^[\p{Lu}\p{N}]/u.test(asWritten)) continue;
        taken.push(span);
        // A name two entities carry is listed under each: the analyst says which one the source means.
        for (const entity of entities) {
          const entry = matched.get(entity) ?? { kind: entity.kind, typename: entity.typename, id: entity.id, name: entity.names[0]!, mentions: [] };
          const mention = { sentence: i + 1, asWritten };
          positions.set(mention, span.start);
          entry.mentions.push(mention);
          matched.set(entity, entry);
        }
      }
    }
    const doc = nlp(sentence);
    const views: [CandidateKind, { json(options: object): unknown }][] = [
      ["PERSON", doc.people()],
      ["PLACE", doc.places()],
      ["ORGANIZATION", doc.organizations()],
    ];
    for (const [kind, view] of views) {
      for (const found of view.json({ offset: true }) as { offset: { start: number; length: number } }[]) {
        const span = { start: found.offset.start, end: found.offset.start + found.offset.length };
        if (overlaps(span, taken)) continue;
        const name = cleanName(sentence.slice(span.start, span.end), kind);
        if (!name) continue;
        taken.push(span);
        const key = `${kind} ${normalizeName(name)}`;
        const entry = candidates.get(key) ?? { kind, name, mentions: [] };
        entry.mentions.push({ sentence: i + 1, asWritten: name });
        candidates.set(key, entry);
      }
    }
  });
  // In the order the text first names them.
  const first = (m: MatchedEntity) => m.mentions[0]!;
  const order = [...matched.values()].sort((a, b) => first(a).sentence - first(b).sentence || positions.get(first(a))! - positions.get(first(b))!);
  return { matched: order, candidates: foldSurnames([...candidates.values()]) };
}

/** A new person named in full once and by surname after ("Maria Lopez" … "Lopez") is one candidate. */
function foldSurnames(candidates: Candidate[]): Candidate[] {
  const people = candidates.filter((c) => c.kind === "PERSON" && c.name.includes(" "));
  return candidates.filter((c) => {
    if (c.kind !== "PERSON" || c.name.includes(" ")) return true;
    const full = people.filter((p) => normalizeName(p.name).endsWith(` ${normalizeName(c.name)}`));
    if (full.length !== 1) return true;
    full[0]!.mentions.push(...c.mentions);
    full[0]!.mentions.sort((a, b) => a.sentence - b.sentence);
    return false;
  });
}
