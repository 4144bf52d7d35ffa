/**
 * A question must not cost more as the graph grows than its answer does: each bench query, on the
 * article's facts and on ten copies of them (the bench's synthetic fixtures), reads exactly the
 * records its answer shows. A scan of a table, a relation
 * found by filtering rows or a sort of the whole store would read records the answer does not
 * show, and more of them the larger the graph. Counted, not timed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execute, parse } from "graphql";
import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { FactStore } from "../../src/facts/store";
import type { Row, TableName } from "../../src/facts/tables";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { generateFixtures } from "../bench/fixtures";
import { type BenchQuery, LOOKUP, QUERIES } from "../bench/queries";
import { FIXTURES } from "../helpers";

const schema = buildGraphSchema();

/** What one request of a query read of a store, and what it answered. */
interface Work {
  /** Distinct records whose fields it read, or which it took from a table's list of rows. */
  records: number;
  /** Distinct records the answer shows: its distinct Node IDs. */
  shown: number;
}

/** Every `id` in an answer: each bench query asks for the Node ID of every record it shows. */
function idsIn(value: unknown, ids = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) idsIn(item, ids);
  else if (value !== null && typeof value === "object")
    for (const [key, child] of Object.entries(value)) {
      if (key === "id" && typeof child === "string") ids.add(child);
      else idsIn(child, ids);
    }
  return ids;
}

/**
 * The store of `dir`, each record and each table's list of rows behind a proxy that notes the
 * record read: every path from a request to a record goes through one or the other.
 */
function watched(dir: string): { store: FactStore; read: Set<object> } {
  const loaded = loadFacts(dir);
  const read = new Set<object>();
  const rows = {} as Record<TableName, Row<TableName>[]>;
  for (const name of Object.keys(loaded.catalogue) as TableName[]) {
    const originals = loaded.table(name).rows;
    const records = originals.map(
      (row) =>
        new Proxy(row, {
          get(target, key, receiver) {
            read.add(target);
            return Reflect.get(target, key, receiver);
          },
        }),
    );
    rows[name] = new Proxy(records, {
      get(target, key, receiver) {
        // The record itself, as the proxy of its fields notes it.
        if (typeof key === "string" && /^\d+$/.test(key) && originals[Number(key)]) read.add(originals[Number(key)]!);
        return Reflect.get(target, key, receiver);
      },
    });
  }
  return { store: new FactStore(rows as never, loaded.catalogue), read };
}

async function workOf(watch: { store: FactStore; read: Set<object> }, query: BenchQuery): Promise<Work> {
  const run = async () => {
    const result = await execute({
      schema,
      document: parse(query.query),
      variableValues: query.variables,
      contextValue: createContext(watch.store, "growth"),
    });
    expect(result.errors).toBeUndefined();
    return idsIn(result.data).size;
  };
  // The first request builds the store's indexes (search, date order), once per store.
  await run();
  watch.read.clear();
  const shown = await run();
  return { records: watch.read.size, shown };
}

let copies: string;
let small: { store: FactStore; read: Set<object> };
let large: { store: FactStore; read: Set<object> };
beforeAll(() => {
  copies = mkdtempSync(path.join(tmpdir(), "newsfacts-growth-"));
  small = watched(FIXTURES);
  large = watched(generateFixtures(FIXTURES, path.join(copies, "10x"), 10).dir);
});
afterAll(() => rmSync(copies, { recursive: true, force: true }));

describe("each bench query reads only the records it shows", () => {
  it.each(QUERIES)("$name, on the article's facts and on ten copies of them", async (query) => {
    expect(large.store.table("leaders").rows.length).toBe(10 * small.store.table("leaders").rows.length);
    for (const watch of [small, large]) {
      const work = await workOf(watch, query);
      expect(work.shown).toBeGreaterThan(0);
      expect(work.records).toBe(work.shown);
    }
  });

  it("lookup of the last leader of the store, whom a search from the first would reach last", async () => {
    for (const watch of [small, large]) {
      const last = watch.store.table("leaders").rows.at(-1)!.id;
      const work = await workOf(watch, { ...LOOKUP, variables: { id: toGlobalId("Leader", last) } });
      expect(work).toEqual({ records: 2, shown: 2 });
    }
  });
});
