/**
 * Name search over every record that has a name. Matching ignores case,
 * accents and punctuation ("Nicolás" finds "Nicolas", "us" finds "U.S.")
 * and ranks matches in tiers; the index is built once per store.
 */
import type { FactStore } from "./store";
import { TABLE_NAMES, specOf, type Row, type TableName } from "./tables";

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

interface Entry {
  table: TableName;
  row: Row<TableName>;
  /** Normalized names, the primary name first. */
  names: string[];
  order: number;
}

export interface SearchHit {
  table: TableName;
  row: Row<TableName>;
  tier: MatchTier;
  /** The name that matched, as written in the fixtures. */
  matched: string;
}

function tierOf(name: string, query: string): number {
  if (name === query) return 0;
  if (name.startsWith(query)) return 1;
  if (name.split(" ").some((word) => word.startsWith(query)) || name.includes(` ${query}`)) return 2;
  if (name.includes(query)) return 3;
  return -1;
}

export class SearchIndex {
  private readonly entries: (Entry & { written: string[] })[] = [];

  constructor(store: FactStore) {
    for (const table of TABLE_NAMES) {
      const fields = specOf(table).names;
      if (!fields) continue;
      for (const row of store.table(table).rows) {
        const written = fields.flatMap((f) => {
          const value = (row as Record<string, unknown>)[f];
          return Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : [];
        });
        this.entries.push({ table, row, names: written.map(normalizeName), written, order: this.entries.length });
      }
    }
  }

  /**
   * Records whose names match `query`, best first: by tier (see MATCH_TIERS),
   * then a primary name before an alias, then the shorter name, then fixture order.
   */
  search(query: string, limit: number): SearchHit[] {
    const q = normalizeName(query);
    if (!q) return [];
    const scored: { entry: Entry & { written: string[] }; tier: number; alias: number; length: number; index: number }[] = [];
    for (const entry of this.entries) {
      let best: { tier: number; alias: number; length: number; index: number } | null = null;
      entry.names.forEach((name, index) => {
        const tier = tierOf(name, q);
        if (tier < 0) return;
        const candidate = { tier, alias: index === 0 ? 0 : 1, length: name.length, index };
        if (!best || candidate.tier < best.tier || (candidate.tier === best.tier && candidate.alias < best.alias)) best = candidate;
      });
      if (best) scored.push({ entry, ...(best as { tier: number; alias: number; length: number; index: number }) });
    }
    scored.sort((a, b) => a.tier - b.tier || a.alias - b.alias || a.length - b.length || a.entry.order - b.entry.order);
    return scored.slice(0, limit).map((s) => ({
      table: s.entry.table,
      row: s.entry.row,
      tier: MATCH_TIERS[s.tier]!,
      matched: s.entry.written[s.index]!,
    }));
  }
}

const indexes = new WeakMap<FactStore, SearchIndex>();

/** The store's search index, built on first use and kept as long as the store. */
export function searchIndexOf(store: FactStore): SearchIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new SearchIndex(store)));
  return index;
}
