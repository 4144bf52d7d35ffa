/**
 * The search index against the definition of its ranking, written out plainly: every record with
 * a name, each scored by its best name, all of them sorted. Both must agree on every query, on the
 * article's facts and on ten copies of them (many records per name, ties broken by fixture order).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { MATCH_TIERS, normalizeName, SearchIndex, writtenNames } from "../../src/facts/search";
import type { FactStore } from "../../src/facts/store";
import { specOf, TABLE_NAMES } from "../../src/facts/tables";
import { generateFixtures } from "../bench/fixtures";
import { seededRandom } from "../fuzz/query-generator";
import { FIXTURES } from "../helpers";

/** The ranking as the schema describes it, by brute force. */
function reference(store: FactStore, query: string, limit: number): { id: string; tier: string; matched: string }[] {
  const q = normalizeName(query);
  if (!q) return [];
  const tierOf = (name: string) =>
    name === q
      ? 0
      : name.startsWith(q)
        ? 1
        : name.split(" ").some((w) => w.startsWith(q)) || name.includes(` ${q}`)
          ? 2
          : name.includes(q)
            ? 3
            : -1;
  const scored = [];
  let order = 0;
  for (const table of TABLE_NAMES) {
    if (!specOf(table).names) continue;
    for (const row of store.table(table).rows) {
      const written = writtenNames(table, row);
      const candidates = written
        .map((text, index) => ({ tier: tierOf(normalizeName(text)), alias: index === 0 ? 0 : 1, length: normalizeName(text).length, text }))
        .filter((c) => c.tier >= 0)
        .sort((a, b) => a.tier - b.tier || a.alias - b.alias);
      if (candidates.length) scored.push({ id: (row as { id: string }).id, order, ...candidates[0]! });
      order++;
    }
  }
  scored.sort((a, b) => a.tier - b.tier || a.alias - b.alias || a.length - b.length || a.order - b.order);
  return scored.slice(0, limit).map((s) => ({ id: s.id, tier: MATCH_TIERS[s.tier]!, matched: s.text }));
}

/** Queries people type: whole names, pieces of them from anywhere, short ones, misses. */
function queries(store: FactStore, count: number): string[] {
  const random = seededRandom(20230612);
  const names = TABLE_NAMES.flatMap((table) => store.table(table).rows.flatMap((row) => writtenNames(table, row)));
  const out = ["a", "an", "iran", "u s", "washington", "zzz", "nicolás", "president", "s war"];
  for (let i = 0; i < count; i++) {
    const name = names[Math.floor(random() * names.length)]!;
    const from = Math.floor(random() * name.length);
    const length = 1 + Math.floor(random() * 8);
    out.push(random() < 0.2 ? name : name.slice(from, from + length));
  }
  return out;
}

const dir = mkdtempSync(path.join(tmpdir(), "newsfacts-search-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SearchIndex", () => {
  for (const [label, load] of [
    ["the article's facts", () => loadFacts(FIXTURES)],
    ["ten copies of them", () => loadFacts(generateFixtures(FIXTURES, dir, 10).dir)],
  ] as const) {
    it(`ranks exactly as the definition does, on ${label}`, () => {
      const store = load();
      const index = new SearchIndex(store);
      for (const query of queries(store, 300)) {
        for (const limit of [1, 10, 100]) {
          const got = index.search(query, limit).map((h) => ({ id: (h.row as { id: string }).id, tier: h.tier, matched: h.matched }));
          expect(got, `${JSON.stringify(query)} first ${limit}`).toEqual(reference(store, query, limit));
        }
      }
    });
  }
});
