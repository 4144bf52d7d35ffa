/**
 * Name search over every record that has a name. Matching ignores case,
 * accents and punctuation ("Nicolás" finds "Nicolas", "us" finds "U.S.")
 * and ranks matches in tiers; the index is built once per store, on first use.
 */
import type { FactStore } from "./store";
import { specOf, type Row, type TableName, type TableSpec } from "./tables";

/** How well a name matches, best first. The schema documents these tiers. */
export const MATCH_TIERS = ["EXACT", "PREFIX", "WORD_PREFIX", "SUBSTRING"] as const;
export type MatchTier = (typeof MATCH_TIERS)[number];

/** Lower-case, accents and punctuation dropped, spaces collapsed: "Nicolás  Maduro!" -> "nicolas maduro". */
export function normalizeName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A record's names as the fixtures write them, the primary name first; none for a table without names, or a record search leaves out. */
export function writtenNames(table: TableName, row: Row<TableName>, spec: TableSpec = specOf(table)): string[] {
  // A record search does not find (a person in office, found as the Leader) has no names to it.
  if (spec.searched && !spec.searched(row as never)) return [];
  return (spec.names ?? []).flatMap((field) => {
    const value = (row as Record<string, unknown>)[field];
    return Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : [];
  });
}

interface Entry {
  table: TableName;
  row: Row<TableName>;
  /** The names as written in the fixtures, the primary name first. */
  written: string[];
  /** The id of each of those names, normalized. */
  nameIds: number[];
}

export interface SearchHit {
  table: TableName;
  row: Row<TableName>;
  tier: MatchTier;
  /** The name that matched, as written in the fixtures. */
  matched: string;
}

/** A record carrying a name: which entry, and which of its names (0 is the primary name). */
interface Carrier {
  entry: number;
  index: number;
}

/** Code-unit order, the order `lowerBound` searches in. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The first position in `sorted` (ordered by `keyOf`, in code-unit order) whose key is not below `query`. */
function lowerBound<T>(sorted: readonly T[], keyOf: (item: T) => string, query: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid]!) < query) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shortest query the trigram index answers; shorter ones scan the distinct names. */
const GRAM = 3;

function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + GRAM <= text.length; i++) grams.add(text.slice(i, i + GRAM));
  return grams;
}

/**
 * The index, built once per store over the distinct normalized names:
 * - EXACT and PREFIX: the names sorted, so the names that start with a query are one range;
 * - WORD_PREFIX: every word start after the first (the rest of the name from there), sorted,
 *   so the names with a later word starting with the query are one range;
 * - SUBSTRING: the names holding each trigram, so a query of 3 characters or more only looks
 *   at the names holding its rarest trigram; a shorter query scans the distinct names.
 * A search walks the tiers best first and stops once it has enough records, so its cost
 * follows the matches it returns, not the size of the store.
 */
export class SearchIndex {
  private readonly entries: Entry[] = [];
  /** Distinct normalized names, and the records that carry each one. */
  private readonly names: string[] = [];
  /** For each name, the records carrying it as their primary name, and as an alias: each in fixture order. */
  private readonly primaries: Carrier[][] = [];
  private readonly aliases: Carrier[][] = [];
  /** Name ids, sorted by name. */
  private readonly sorted: number[];
  /** Each word start after a name's first word: the name's id and the rest of the name from there, sorted by that rest. */
  private readonly wordStarts: { id: number; rest: string }[] = [];
  /** Name ids holding each trigram, ascending. */
  private readonly grams = new Map<string, number[]>();

  constructor(store: FactStore) {
    const ids = new Map<string, number>();
    for (const [name, spec] of Object.entries(store.catalogue)) {
      if (!spec.names) continue;
      const table = name as TableName;
      for (const row of store.table(table).rows) {
        const written = writtenNames(table, row, spec);
        const entry = this.entries.length;
        const nameIds = written.map((text, index) => {
          const name = normalizeName(text);
          let id = ids.get(name);
          if (id === undefined) {
            ids.set(name, (id = this.names.length));
            this.names.push(name);
            this.primaries.push([]);
            this.aliases.push([]);
          }
          (index === 0 ? this.primaries : this.aliases)[id]!.push({ entry, index });
          return id;
        });
        this.entries.push({ table, row, written, nameIds });
      }
    }
    this.sorted = this.names.map((_, id) => id).sort((a, b) => byCodeUnits(this.names[a]!, this.names[b]!));
    this.names.forEach((name, id) => {
      for (let p = name.indexOf(" "); p >= 0; p = name.indexOf(" ", p + 1)) this.wordStarts.push({ id, rest: name.slice(p + 1) });
      for (const gram of trigrams(name)) {
        let list = this.grams.get(gram);
        if (!list) this.grams.set(gram, (list = []));
        list.push(id);
      }
    });
    this.wordStarts.sort((a, b) => byCodeUnits(a.rest, b.rest));
  }

  /** Ids of the names matching `query` in each tier, best tier first; a name is in its best tier only. */
  private *tiers(query: string): Generator<number[]> {
    const seen = new Set<number>();
    const fresh = (ids: Iterable<number>) =>
      [...ids].filter((id) => {
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    const prefixed: number[] = [];
    for (
      let i = lowerBound(this.sorted, (id) => this.names[id]!, query);
      i < this.sorted.length && this.names[this.sorted[i]!]!.startsWith(query);
      i++
    ) {
      prefixed.push(this.sorted[i]!);
    }
    yield fresh(prefixed.filter((id) => this.names[id] === query));
    yield fresh(prefixed);
    const words: number[] = [];
    for (
      let i = lowerBound(this.wordStarts, (w) => w.rest, query);
      i < this.wordStarts.length && this.wordStarts[i]!.rest.startsWith(query);
      i++
    ) {
      words.push(this.wordStarts[i]!.id);
    }
    yield fresh(words);
    yield fresh(this.substringCandidates(query).filter((id) => this.names[id]!.includes(query)));
  }

  /** Names that may contain `query`: those holding its rarest trigram, or all of them for a short query. */
  private substringCandidates(query: string): number[] {
    if (query.length < GRAM) return this.names.map((_, id) => id);
    let rarest: number[] | undefined;
    for (const gram of trigrams(query)) {
      const list = this.grams.get(gram) ?? [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return rarest ?? [];
  }

  /**
   * Records whose names match `query`, best first: by tier (see MATCH_TIERS),
   * then a primary name before an alias, then the shorter name, then fixture order.
   * Each record counts once, at its best tier, by its best name there: the primary
   * name, else its first alias. Records are taken in that order and no further than
   * `limit`, so a name that many records carry costs only the ones returned.
   */
  search(query: string, limit: number): SearchHit[] {
    const q = normalizeName(query);
    if (!q) return [];
    const hits: SearchHit[] = [];
    const found = new Set<number>();
    let tier = 0;
    for (const ids of this.tiers(q)) {
      if (ids.length === 0) {
        tier++;
        continue;
      }
      let inTier: Set<number> | undefined;
      for (const carriers of [this.primaries, this.aliases]) {
        for (const carrier of this.inOrder(ids, carriers)) {
          if (found.has(carrier.entry)) continue;
          const entry = this.entries[carrier.entry]!;
          // A record whose earlier alias is also in this tier ranks by that alias, met in its own turn.
          if (carrier.index > 1) {
            inTier ??= new Set(ids);
            if (entry.nameIds.slice(1, carrier.index).some((id) => inTier!.has(id))) continue;
          }
          found.add(carrier.entry);
          hits.push({ table: entry.table, row: entry.row, tier: MATCH_TIERS[tier]!, matched: entry.written[carrier.index]! });
          if (hits.length === limit) return hits;
        }
      }
      tier++;
    }
    return hits;
  }

  /** The carriers of names `ids`, shorter names first, then in fixture order: the lists of one length merged as they are read. */
  private *inOrder(ids: readonly number[], carriers: readonly Carrier[][]): Generator<Carrier> {
    const byLength = [...ids].sort((a, b) => this.names[a]!.length - this.names[b]!.length);
    for (let from = 0; from < byLength.length; ) {
      const length = this.names[byLength[from]!]!.length;
      let to = from;
      while (to < byLength.length && this.names[byLength[to]!]!.length === length) to++;
      if (to === from + 1) {
        yield* carriers[byLength[from]!]!;
        from = to;
        continue;
      }
      const lists = byLength.slice(from, to).map((id) => carriers[id]!);
      const heads = lists.map(() => 0);
      for (;;) {
        let next = -1;
        for (let k = 0; k < lists.length; k++) {
          if (heads[k]! < lists[k]!.length && (next < 0 || lists[k]![heads[k]!]!.entry < lists[next]![heads[next]!]!.entry)) next = k;
        }
        if (next < 0) break;
        yield lists[next]![heads[next]!++]!;
      }
      from = to;
    }
  }
}

const indexes = new WeakMap<FactStore, SearchIndex>();

/** The store's search index, built on first use and kept as long as the store. */
export function searchIndexOf(store: FactStore): SearchIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new SearchIndex(store)));
  return index;
}
