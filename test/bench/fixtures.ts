/**
 * Synthetic fixtures at N times the article's facts: every record copied N
 * times with suffixed ids ("iran-r7"), its references pointing into the same
 * copy, each copy citing its own copy of the source text. The result passes
 * the same start-up validation (src/facts/load.ts), so the store, indexes and
 * resolvers are exercised exactly as in production.
 *
 * Countries are the exception: their ISO alpha-2 `code` is unique and there
 * are only 26 * 26 codes, so countries are copied at most floor(676 / n)
 * times and later copies of other records point into copy `k mod that`.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { citationsIn, loadFacts } from "../../src/facts/load";
import { ASSERTION_REFS, TABLES, TABLE_NAMES, specOf, type TableName } from "../../src/facts/tables";

type Json = Record<string, unknown>;

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALL_CODES = [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b));

/** Replaces every string at a dotted path (walking through arrays) with fn(value). */
function mapAt(value: unknown, keys: readonly string[], fn: (v: string) => string): void {
  if (value === null || typeof value !== "object" || keys.length === 0) return;
  const [key, ...rest] = keys as [string, ...string[]];
  const holder = value as Json;
  const child = holder[key];
  if (Array.isArray(child)) {
    child.forEach((item, i) => {
      if (rest.length === 0) {
        if (typeof item === "string") child[i] = fn(item);
      } else mapAt(item, rest, fn);
    });
  } else if (rest.length === 0) {
    if (typeof child === "string") holder[key] = fn(child);
  } else mapAt(child, rest, fn);
}

export interface Generated {
  dir: string;
  factor: number;
  counts: Record<TableName, number>;
}

/** Writes `factor` copies of the fixtures in `from` to `to` (replaced), validates them, and returns the counts. */
export function generateFixtures(from: string, to: string, factor: number): Generated {
  const tables = Object.fromEntries(
    TABLE_NAMES.map((name) => [name, JSON.parse(readFileSync(path.join(from, TABLES[name].file), "utf8")) as Json[]]),
  ) as Record<TableName, Json[]>;
  const countries = tables.countries;
  const freeCodes = ALL_CODES.filter((code) => !countries.some((c) => c.code === code));
  const copiesOf = (name: TableName) =>
    name === "countries" ? Math.min(factor, 1 + Math.floor(freeCodes.length / countries.length)) : factor;
  const idIn = (name: TableName, id: string, k: number) => {
    const copy = k % copiesOf(name);
    return copy === 0 ? id : `${id}-r${copy}`;
  };

  rmSync(to, { recursive: true, force: true });
  mkdirSync(path.join(to, "sources"), { recursive: true });
  const out = Object.fromEntries(TABLE_NAMES.map((name) => [name, [] as Json[]])) as Record<TableName, Json[]>;
  for (const name of TABLE_NAMES) {
    for (const field of specOf(name).unique ?? []) {
      if (`${name}.${field}` !== "countries.code") throw new Error(`fixtures generator: no rule to make ${name}.${field} unique`);
    }
    for (let k = 0; k < copiesOf(name); k++) {
      tables[name].forEach((record, i) => {
        const copy = structuredClone(record);
        copy.id = idIn(name, record.id as string, k);
        // Each path once: a claim's refs list its assertion's statement too.
        for (const [refPath, target] of Object.entries({ ...ASSERTION_REFS, ...TABLES[name].refs }) as [string, TableName][]) {
          mapAt(copy, refPath.split("."), (v) => idIn(target, v, k));
        }
        for (const { citation } of citationsIn(copy)) citation.source = idIn("sources", citation.source, k);
        if (name === "countries" && k > 0) copy.code = freeCodes[(k - 1) * countries.length + i];
        // A copy is another record, and no Wikidata item is two records.
        for (const key of specOf(name).keys ?? []) if (k > 0) copy[key] = null;
        if (name === "sources" && k > 0) {
          const file = (record.textFile as string).replace(/\.txt$/, `-r${k}.txt`);
          copyFileSync(path.join(from, record.textFile as string), path.join(to, file));
          copy.textFile = file;
        } else if (name === "sources") {
          copyFileSync(path.join(from, record.textFile as string), path.join(to, record.textFile as string));
        }
        out[name].push(copy);
      });
    }
  }
  for (const name of TABLE_NAMES) writeFileSync(path.join(to, TABLES[name].file), JSON.stringify(out[name]));
  const counts = loadFacts(to).counts();
  return { dir: to, factor, counts };
}
