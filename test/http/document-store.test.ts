/**
 * Apollo's store of parsed documents, bounded by their estimated real size
 * (src/speed/document-store.ts): the estimate, the configuration, and the
 * bound holding in the real server under many distinct documents.
 */
import { parse, print } from "graphql";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";
import Fastify from "fastify";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { CostModel } from "../../src/request/cost";
import { speedPath } from "../../src/speed";
import {
  BoundedCache,
  BoundedDocumentStore,
  createDocumentStore,
  createPersistedQueryCache,
  DEFAULT_DOCUMENT_STORE_BYTES,
  persistedQuerySize,
} from "../../src/speed/document-store";
import { DOCUMENT_COST, documentSize, tokenCount, tokenCounts } from "../../src/speed/document-size";
import { startServer, type TestServer } from "../helpers";

const EXAMPLES = path.resolve(__dirname, "..", "..", "schema", "examples");
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".graphql"))
  .map((f) => readFileSync(path.join(EXAMPLES, f), "utf8"));

/** Apollo's own estimate of a document (InMemoryLRUCache.sizeCalculation). */
const apolloEstimate = (text: string) => Buffer.byteLength(JSON.stringify(parse(text)));

describe("the size estimate of a parsed document", () => {
  it("counts the document's tokens by kind, comments included, from graphql-js's token list", () => {
    const document = parse(`# hi\n{ a: __typename }`);
    expect(tokenCounts(document)).toEqual({ names: 2, braces: 1, others: 3 }); // the comment, ":" and "}"
    expect(tokenCount(document)).toBe(6);
    const { name, brace, otherToken, char, entry } = DOCUMENT_COST;
    expect(documentSize(document)).toBe(entry + 2 * name + brace + 3 * otherToken + char * 22);
  });

  it("is mostly the tokens: whitespace adds only the bytes of the text", () => {
    const compact = parse(`{countries{nodes{name}}}`);
    const spaced = parse(`{\n  countries {\n    nodes {\n      name\n    }\n  }\n}\n`);
    expect(tokenCounts(spaced)).toEqual(tokenCounts(compact));
    expect(documentSize(spaced) - documentSize(compact)).toBe(DOCUMENT_COST.char * (spaced.loc!.end - compact.loc!.end));
  });

  it("grows with every field a document selects", () => {
    const fields = (n: number) => documentSize(parse(`{ ${Array.from({ length: n }, () => "__typename").join(" ")} }`));
    expect(fields(200) - fields(100)).toBe(100 * (DOCUMENT_COST.name + DOCUMENT_COST.char * 11));
  });

  it("puts the README's examples at 3 to 6 times Apollo's estimate, as measured (tools/document-cost.ts)", () => {
    for (const text of examples) {
      const ratio = documentSize(parse(text)) / apolloEstimate(text);
      expect(ratio, text.slice(0, 60)).toBeGreaterThan(3);
      expect(ratio, text.slice(0, 60)).toBeLessThan(6);
    }
  });

  it("falls back on the document's JSON for a document parsed without locations", () => {
    const document = parse(`{ countries { nodes { name } } }`, { noLocation: true });
    expect(tokenCount(document)).toBe(0);
    expect(documentSize(document)).toBe(DOCUMENT_COST.entry + 5 * Buffer.byteLength(JSON.stringify(document)));
  });
});

describe("the document store", () => {
  it("keeps documents up to its bound, least recently used out first", async () => {
    const store = new BoundedDocumentStore(64 * 1024);
    for (let i = 0; i < 200; i++) await store.set(`k${i}`, parse(`query Q${i} { countries { nodes { name code } } }`));
    expect(store.calculatedSize).toBeLessThanOrEqual(64 * 1024);
    expect(store.size).toBeGreaterThan(0);
    expect(store.size).toBeLessThan(200);
    expect(await store.get("k199")).toBeDefined();
    expect(await store.get("k0")).toBeUndefined();
    expect(await store.delete("k199")).toBe(true);
  });

  it("is off at 0 bytes: Apollo then parses every request", () => {
    expect(createDocumentStore(0)).toBeNull();
    expect(createDocumentStore(1024)).toBeInstanceOf(BoundedDocumentStore);
  });

  it("is configured by DOCUMENT_STORE_MB, a whole number of MiB", () => {
    expect(loadConfig({}).documentStoreBytes).toBe(DEFAULT_DOCUMENT_STORE_BYTES);
    expect(loadConfig({ DOCUMENT_STORE_MB: "8" }).documentStoreBytes).toBe(8 * 1024 * 1024);
    expect(loadConfig({ DOCUMENT_STORE_MB: "0" }).documentStoreBytes).toBe(0);
    for (const bad of ["1.5", "1e3", "-1", " 8", "", "eight", "4097", "0x10"]) {
      expect(() => loadConfig({ DOCUMENT_STORE_MB: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ DOCUMENT_STORE_MB: bad }), bad).toThrow(/DOCUMENT_STORE_MB/);
    }
  });

  it("gives way to Apollo's own stores with DOCUMENT_STORE_SIZING=apollo, as the app without its speed path has", async () => {
    const given = async (env: Record<string, string>) => {
      const app = Fastify();
      const schema = buildGraphSchema();
      const config = loadConfig(env);
      const options = speedPath({
        app,
        path: "/graphql",
        schema,
        settings: config,
        limits: config.limits,
        costs: new CostModel(schema),
        rateLimit: null,
        contextOf: () => {
          throw new Error("no request runs here");
        },
      });
      await app.close();
      return options;
    };
    const measured = await given({});
    expect(measured.documentStore).toBeInstanceOf(BoundedDocumentStore);
    expect(measured.persistedQueries).toEqual({ cache: expect.any(BoundedCache) });
    const apollo = await given({ DOCUMENT_STORE_SIZING: "apollo" });
    expect("documentStore" in apollo || "persistedQueries" in apollo).toBe(false);
    expect(() => loadConfig({ DOCUMENT_STORE_SIZING: "none" })).toThrow(/DOCUMENT_STORE_SIZING/);
  });
});

describe("the document store in the server", () => {
  const BOUND = 256 * 1024;
  const store = new BoundedDocumentStore(BOUND);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(undefined, { documentStore: store });
  });
  afterAll(() => server.close());

  it("stays within its bound after many distinct documents, and every one is answered", async () => {
    const n = 400;
    let estimated = 0;
    for (let i = 0; i < n; i++) {
      const query = `query Flood${i} { countries(first: ${1 + (i % 7)}) { nodes { a${i}: name code leaders { totalCount } } } }`;
      estimated += documentSize(parse(query));
      const res = await server.gql(query);
      expect(res.errors, query).toBeUndefined();
      expect(store.calculatedSize).toBeLessThanOrEqual(BOUND);
    }
    expect(estimated).toBeGreaterThan(4 * BOUND); // the documents could not all have been kept
    expect(store.size).toBeGreaterThan(10);
    expect(store.size).toBeLessThan(n);
  });

  it("keeps locations: an error from a stored document is the same as from a fresh parse", async () => {
    const query = print(parse(`query Bad { node(id: "not an id") { id } }`));
    const first = await server.gql(query);
    const size = store.size;
    const second = await server.gql(query); // the document now comes from the store
    expect(store.size).toBe(size);
    expect(first.errors?.[0]?.locations).toEqual([{ line: 2, column: 3 }]);
    expect(second).toEqual(first);
  });
});

describe("the persisted queries' cache", () => {
  it("counts a text with its key and the entry's own bytes, two bytes a character past Latin-1", () => {
    const key = `apq:${"0".repeat(64)}`;
    expect(persistedQuerySize("{ a1: __typename }", key)).toBe(200 + 68 + 18);
    expect(persistedQuerySize('{ search(query: "é") { __typename } }', key)).toBe(200 + 68 + 37);
    expect(persistedQuerySize('{ search(query: "ř") { __typename } }', key)).toBe(200 + 68 + 2 * 37);
  });

  it("stays within its bound, and honours Apollo's ttl in seconds", async () => {
    const cache = createPersistedQueryCache(32 * 1024);
    for (let i = 0; i < 1000; i++) await cache.set(`apq:${i}`, `{ a${i}: __typename }`);
    expect(cache.calculatedSize).toBeLessThanOrEqual(32 * 1024);
    expect(cache.size).toBeGreaterThan(50);
    expect(cache.size).toBeLessThan(1000);
    await cache.set("short-lived", "{ __typename }", { ttl: 0.001 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await cache.get("short-lived")).toBeUndefined();
  });
});
