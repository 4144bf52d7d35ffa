/**
 * Synthetic fixtures at N times the article's facts: every source copied N times ("raisi-venezuela-2023-r7"),
 * each copy stating copies of what the original states, about copies of its entities, declared with
 * suffixed ids ("iran-r7") and references pointing into the same copy; each copy has its own copy
 * of the text. They are written as JSON (source.json, entities.json), which start-up reads as it
 * reads YAML. The result passes the same start-up validation (src/facts/load.ts), so the store,
 * indexes and resolvers are exercised exactly as in production.
 *
 * Countries are the exception: their ISO alpha-2 `code` is unique and there are only 26 * 26
 * codes, so countries are copied at most floor(676 / n) times; later copies of a source state
 * nothing of countries and point into copy `k mod that`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { citationsIn, loadFacts } from "../../src/facts/load";
import { ENTITY_KINDS, SOURCES_DIR } from "../../src/facts/source-file";
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

/** A fixture file as data, YAML or JSON. */
function readData(file: string): Json {
  const text = readFileSync(file, "utf8");
  return (file.endsWith(".json") ? JSON.parse(text) : parse(text)) as Json;
}

/** The first of `names` in `dir`. */
function firstIn(dir: string, names: readonly string[]): string {
  const found = names.find((name) => readdirSync(dir).includes(name));
  if (!found) throw new Error(`fixtures generator: none of ${names.join(", ")} in ${dir}`);
  return path.join(dir, found);
}

/** Writes `factor` copies of the fixtures in `from` to `to` (replaced), validates them, and returns the counts. */
export function generateFixtures(from: string, to: string, factor: number): Generated {
  const entities = readData(firstIn(from, ["entities.yaml", "entities.json"])) as Record<string, Record<string, Json | null>>;
  const sources = readdirSync(path.join(from, SOURCES_DIR)).map((id) => ({
    id,
    folder: path.join(from, SOURCES_DIR, id),
    data: readData(firstIn(path.join(from, SOURCES_DIR, id), ["source.yaml", "source.json"])),
  }));
  const countries = Object.entries(entities.countries ?? {});
  const codes = new Set(countries.map(([, identity]) => identity!.code));
  const freeCodes = ALL_CODES.filter((code) => !codes.has(code));
  const copiesOf = (name: TableName) =>
    name === "countries" ? Math.min(factor, 1 + Math.floor(freeCodes.length / countries.length)) : factor;
  const idIn = (name: TableName, id: string, k: number) => {
    const copy = k % copiesOf(name);
    return copy === 0 ? id : `${id}-r${copy}`;
  };
  for (const name of TABLE_NAMES) {
    for (const field of specOf(name).unique ?? []) {
      if (`${name}.${field}` !== "countries.code") throw new Error(`fixtures generator: no rule to make ${name}.${field} unique`);
    }
  }
  /** A statement (or claim) of copy k: its references into copy k, its citations of source copy k. */
  const copyOf = (name: TableName, value: Json, k: number): Json => {
    const copy = structuredClone(value);
    // Each path once: a claim's refs list its assertion's statement too.
    for (const [refPath, target] of Object.entries({ ...ASSERTION_REFS, ...TABLES[name].refs }) as [string, TableName][]) {
      mapAt(copy, refPath.split("."), (v) => idIn(target, v, k));
    }
    for (const { citation } of citationsIn(copy)) if (citation.source !== undefined) citation.source = idIn("sources", citation.source, k);
    return copy;
  };

  rmSync(to, { recursive: true, force: true });
  mkdirSync(path.join(to, SOURCES_DIR), { recursive: true });
  const declared: Record<string, Record<string, Json | null>> = {};
  for (const kind of ENTITY_KINDS) {
    declared[kind] = {};
    for (let k = 0; k < copiesOf(kind); k++) {
      Object.entries(entities[kind] ?? {}).forEach(([id, identity], i) => {
        declared[kind]![idIn(kind, id, k)] = kind === "countries" && k > 0 ? { code: freeCodes[(k - 1) * countries.length + i] } : identity;
      });
    }
  }
  writeFileSync(path.join(to, "entities.json"), JSON.stringify(declared));
  for (let k = 0; k < factor; k++) {
    for (const source of sources) {
      const id = idIn("sources", source.id, k);
      const folder = path.join(to, SOURCES_DIR, id);
      mkdirSync(folder);
      const out: Json = {};
      for (const [key, value] of Object.entries(source.data)) {
        const kind = key as TableName;
        if (!TABLE_NAMES.includes(kind)) out[key] = value;
        else if (k < copiesOf(kind))
          out[key] = Object.fromEntries(
            Object.entries(value as Record<string, Json>).map(([v, s]) => [idIn(kind, v, k), copyOf(kind, s, k)]),
          );
      }
      if (typeof source.data.textFile === "string")
        copyFileSync(path.join(source.folder, source.data.textFile), path.join(folder, source.data.textFile));
      writeFileSync(path.join(folder, "source.json"), JSON.stringify(out));
    }
  }
  const counts = loadFacts(to).counts();
  return { dir: to, factor, counts };
}
