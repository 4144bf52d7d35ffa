/**
 * What a parsed GraphQL document really costs in the V8 heap, against the
 * length of its text and its number of lexical tokens, and against Apollo's
 * own estimate (`InMemoryLRUCache.sizeCalculation`: the length of
 * `JSON.stringify(document)`, which leaves out graphql-js's token list and
 * every `Location`). src/speed/document-store.ts sizes documents from these
 * figures.
 *
 *   npm run tools && node --expose-gc .tools/build/tools/document-cost.js [--count 2000]
 *
 * For each shape it parses `count` distinct documents (a distinct operation
 * name each, as a flood of distinct documents would send), keeps them all,
 * collects garbage and divides the growth of the heap by the count. Then it
 * sends distinct documents through the app itself (in process, response cache
 * off, a document store that never evicts) and divides the growth of the heap
 * by the store's own estimate: what a document costs the server with
 * everything kept beside it (Apollo's entry, the cost limit's memo).
 */
import "../src/production";
import "reflect-metadata";
import { getIntrospectionQuery, parse, stripIgnoredCharacters, type DocumentNode } from "graphql";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadFacts } from "../src/facts/load";
import { BoundedDocumentStore } from "../src/speed/document-store";
import { documentSize, tokenCount } from "../src/speed/document-size";
import { createApp } from "../src/server";
import type { FastifyInstance } from "fastify";
import { ROOT } from "./processes";

const { values: args } = parseArgs({ options: { count: { type: "string", default: "2000" } } });
const count = Number(args.count);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("document-cost: run with node --expose-gc");
  process.exit(2);
}

/** Shapes of document, each a function of i giving a distinct text. */
function shapes(): { name: string; text: (i: number) => string }[] {
  const dir = path.join(ROOT, "schema", "examples");
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => ({ f, text: readFileSync(path.join(dir, f), "utf8") }));
  const rename = (text: string, i: number) => text.replace(/query (\w+)/, (_m, name: string) => `query ${name}${i}`);
  const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true });
  return [
    ...examples.map(({ f, text }) => ({ name: `${f} (as written)`, text: (i: number) => rename(text, i) })),
    ...examples.map(({ f, text }) => ({ name: `${f} (minified)`, text: (i: number) => stripIgnoredCharacters(rename(text, i)) })),
    { name: "getIntrospectionQuery()", text: (i: number) => rename(introspection, i) },
    { name: "getIntrospectionQuery() minified", text: (i: number) => stripIgnoredCharacters(rename(introspection, i)) },
    {
      name: "_entities",
      text: (i: number) => `query E${i}($r:[_Any!]!){ _entities(representations:$r){ __typename ... on Country { name } } }`,
    },
    { name: "{ __typename } + alias", text: (i: number) => `{ a${i}: __typename }` },
    {
      name: "1000 one-char tokens",
      text: (i: number) => `query Q${i}{${Array.from({ length: 497 }, () => "__typename").join(" ")}}`,
    },
    {
      name: "dense nesting, 1000 tokens",
      text: (i: number) => `query Q${i}{${"countries{nodes{name ".repeat(40)}id${"}}".repeat(40)}}`,
    },
  ];
}

function measure(text: (i: number) => string): { heap: number; chars: number; tokens: number; apollo: number; estimate: number } {
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  // The text is counted too: a stored document keeps it (loc.source.body).
  const kept: DocumentNode[] = Array.from({ length: count }, (_, i) => parse(text(i + 1_000_000)));
  gc!();
  gc!();
  const after = process.memoryUsage().heapUsed;
  const first = kept[0]!;
  return {
    heap: (after - before) / count,
    chars: kept.reduce((n, d) => n + d.loc!.source.body.length, 0) / count,
    tokens: tokenCount(first),
    apollo: Buffer.byteLength(JSON.stringify(first)),
    estimate: documentSize(first),
  };
}

// Warm up first, so that compiled code and feedback for the parser are not counted as documents.
for (const { text } of shapes()) for (let i = 0; i < 300; i++) parse(text(i));
/** Heap growth of the app per distinct document it keeps, against the store's estimate of them. */
async function measureServer(
  app: FastifyInstance,
  store: BoundedDocumentStore,
  text: (i: number) => string,
  n: number,
): Promise<{ heap: number; estimate: number }> {
  const ask = async (i: number) => {
    const payload = { query: text(i), variables: { r: [] } }; // $r for _entities; the other operations ignore it
    const res = await app.inject({ method: "POST", url: "/graphql", headers: { "content-type": "application/json" }, payload });
    if (res.statusCode !== 200 || res.body.includes('"errors"'))
      throw new Error(`document-cost: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  for (let i = 0; i < 200; i++) await ask(i); // warm up
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  const estimated = store.calculatedSize;
  for (let i = 1_000_000; i < 1_000_000 + n; i++) await ask(i);
  gc!();
  gc!();
  return { heap: (process.memoryUsage().heapUsed - before) / n, estimate: (store.calculatedSize - estimated) / n };
}

const rows = shapes().map(({ name, text }) => ({ name, ...measure(text) }));
console.log(`${count} documents per shape, Node ${process.version}; bytes per document`);
console.log("| shape | chars | tokens | heap bytes | heap / char | Apollo's estimate | heap / Apollo's | our estimate | heap / ours |");
console.log("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
for (const r of rows) {
  console.log(
    `| ${r.name} | ${Math.round(r.chars)} | ${r.tokens} | ${Math.round(r.heap)} | ${(r.heap / r.chars).toFixed(1)} | ${r.apollo} | ${(r.heap / r.apollo).toFixed(1)} | ${r.estimate} | ${(r.heap / r.estimate).toFixed(2)} |`,
  );
}

void (async () => {
  const n = Math.min(count, 2000);
  // Response cache off (it would keep every distinct answer); a store that never evicts.
  const store = new BoundedDocumentStore(2 ** 40);
  const app = await createApp({
    store: loadFacts(path.join(ROOT, "fixtures")),
    logger: false,
    responseCacheBytes: 0,
    documentStore: store,
    rateLimit: { points: 0, windowSeconds: 60 },
  });
  console.log(`\nThrough the app, ${n} distinct documents each: heap bytes per document kept`);
  console.log("| shape | heap bytes | our estimate | heap / ours |");
  console.log("|---|--:|--:|--:|");
  for (const { name, text } of shapes().filter((s) => !/one-char|dense/.test(s.name))) {
    const r = await measureServer(app, store, text, n);
    console.log(`| ${name} | ${Math.round(r.heap)} | ${Math.round(r.estimate)} | ${(r.heap / r.estimate).toFixed(2)} |`);
  }
  await app.close();
})();
