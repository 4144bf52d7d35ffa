/**
 * How many bytes of answer a point of cost buys: the README's example queries and the largest
 * answers a hostile client can get under the cost limit (the SDL under aliases, source texts
 * through `_entities`, `nodes(ids:)`, `sources` and `search`, introspection's descriptions). Each
 * hostile query is scaled (aliases, representations) to the most the cost limit admits, sent to the
 * real server, and its answer's bytes divided by the points it spent (`extensions.cost.rateLimitPoints`).
 *
 *   npm run tools && node .tools/build/tools/bytes-per-point.js
 *
 * prints the table docs/security.md keeps; test/http/bytes-per-point.test.ts holds the worst
 * hostile ratio to `MAX_RATIO` times the normal queries' median.
 */
import "reflect-metadata";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { getIntrospectionQuery } from "graphql";
import { encodeId } from "../src/graph/shapes/ids";
import { MAX_NODE_IDS } from "../src/graph/entity-base/node";
import { DEFAULT_LIMITS } from "../src/request/limits";
import { SANDBOX_DOCUMENT } from "../src/sandbox";
import { ROOT } from "./processes";


/** The worst hostile bytes per point may be at most this many times a normal query's. */
export const MAX_RATIO = 20;

/** A query, and how it grows: `scale(n)` gives its body for n aliases or items (n = 1 for a normal query). */
export interface Probe {
  name: string;
  hostile: boolean;
  /** The most `n` the request limits allow (aliases, `nodes(ids:)`, the body's size). */
  maxScale: number;
  body: (n: number) => { query: string; variables?: Record<string, unknown> };
}

export interface Measured {
  name: string;
  hostile: boolean;
  scale: number;
  bytes: number;
  points: number;
  bytesPerPoint: number;
}

/** An answer from the server under test. */
export type Post = (body: { query: string; variables?: Record<string, unknown> }) => Promise<{ status: number; text: string }>;

const aliased = (n: number, selection: string) => Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(" ");

/** The README's examples, Sandbox's first query and a few first queries, as a person sends them. */
function normalProbes(): Probe[] {
  const dir = path.join(ROOT, "schema", "examples");
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => ({ name: f, query: readFileSync(path.join(dir, f), "utf8") }));
  return [
    ...examples,
    { name: "Sandbox's first query", query: SANDBOX_DOCUMENT },
    { name: "a country's leaders", query: `{ country(code: "IR") { name code leaders { nodes { name role } } } }` },
    { name: "a page of countries", query: `{ countries(first: 10) { totalCount nodes { id name code } } }` },
    { name: "a search", query: `{ search(query: "ven") { __typename ... on Country { name } ... on Leader { name } } }` },
  ].map(({ name, query }) => ({ name, hostile: false, maxScale: 1, body: () => ({ query }) }));
}

/** The largest answers per point the audit found, and their neighbours. */
function hostileProbes(): Probe[] {
  const source = encodeId("sources", "raisi-venezuela-2023");
  const countries = ["iran", "venezuela", "cuba", "nicaragua", "united-states", "russia", "ukraine"].map((id) => ({
    __typename: "Country",
    id: encodeId("countries", id),
  }));
  const aliases = DEFAULT_LIMITS.maxAliases;
  // A representation is some 50 bytes of JSON; the body limit holds about 1,900 of them.
  const representations = 1_900;
  return [
    {
      name: "`_service { sdl }` under aliases",
      hostile: true,
      maxScale: aliases,
      body: (n) => ({ query: `{ ${aliased(n, "_service { sdl }")} }` }),
    },
    {
      name: "`_entities`: Countries' citations' source texts",
      hostile: true,
      maxScale: representations,
      body: (n) => ({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Country { citations { source { text sentences } } } } }`,
        variables: { r: Array.from({ length: n }, (_, i) => countries[i % countries.length]) },
      }),
    },
    {
      name: "`_entities`: Source texts",
      hostile: true,
      maxScale: representations,
      body: (n) => ({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Source { text sentences } } }`,
        variables: { r: Array(n).fill({ __typename: "Source", id: source }) },
      }),
    },
    {
      name: "`nodes(ids:)`: Source IDs, 100 an alias",
      hostile: true,
      maxScale: aliases * MAX_NODE_IDS,
      body: (n) => ({
        query: `query($ids: [ID!]!) { ${aliased(Math.ceil(n / MAX_NODE_IDS), "nodes(ids: $ids) { ... on Source { text sentences } }")} }`,
        variables: { ids: Array(Math.min(n, MAX_NODE_IDS)).fill(source) },
      }),
    },
    {
      name: "`sources`' texts under aliases",
      hostile: true,
      maxScale: aliases,
      body: (n) => ({ query: `{ ${aliased(n, "sources(first: 20) { nodes { text sentences } }")} }` }),
    },
    {
      name: "citations' source texts under aliases",
      hostile: true,
      maxScale: aliases,
      body: (n) => ({ query: `{ ${aliased(n, `country(code: "VE") { citations { source { text sentences } } }`)} }` }),
    },
    {
      name: "introspection query (graphql-js's, with descriptions)",
      hostile: true,
      maxScale: 1,
      body: () => ({ query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) }),
    },
    {
      name: "introspection: every description under aliases",
      hostile: true,
      maxScale: aliases,
      body: (n) => ({
        query: `{ ${aliased(n, "__schema { types { description fields { description args { description } } inputFields { description } enumValues { description } } }")} }`,
      }),
    },
    {
      name: '`__type(name: "Query")` descriptions under aliases',
      hostile: true,
      maxScale: aliases,
      body: (n) => ({ query: `{ ${aliased(n, '__type(name: "Query") { fields { description args { description } } }')} }` }),
    },
  ];
}

export function probes(): Probe[] {
  return [...normalProbes(), ...hostileProbes()];
}

interface Answer {
  status: number;
  bytes: number;
  points: number | undefined;
  cost: number | undefined;
  errors: boolean;
}

async function ask(post: Post, probe: Probe, n: number): Promise<Answer> {
  const { status, text } = await post(probe.body(n));
  const json = JSON.parse(text) as {
    errors?: unknown[];
    extensions?: { cost?: { rateLimitPoints?: number; requestedQueryCost?: number } };
  };
  return {
    status,
    bytes: Buffer.byteLength(text),
    points: json.extensions?.cost?.rateLimitPoints,
    cost: json.extensions?.cost?.requestedQueryCost,
    errors: !!json.errors?.length,
  };
}

/**
 * Sends `probe` at the largest scale the server admits (cost is linear in the scale, so one
 * request at scale 1 finds it) and measures its answer.
 */
export async function measure(post: Post, probe: Probe): Promise<Measured> {
  const one = await ask(post, probe, 1);
  if (one.errors || one.points === undefined) throw new Error(`${probe.name}: refused at scale 1 (${one.status})`);
  let scale = probe.maxScale;
  if (probe.maxScale > 1 && one.cost !== undefined && one.cost > 0) {
    scale = Math.max(1, Math.min(probe.maxScale, Math.floor(DEFAULT_LIMITS.maxCost / one.cost)));
  }
  let answer = scale === 1 ? one : await ask(post, probe, scale);
  // Introspection is costed apart, and a scale may not be linear: one refused is cut until admitted.
  while (answer.errors && scale > 1) {
    scale = Math.floor(scale * 0.9);
    answer = await ask(post, probe, scale);
  }
  if (answer.errors || answer.points === undefined) throw new Error(`${probe.name}: refused (${answer.status})`);
  return {
    name: probe.name,
    hostile: probe.hostile,
    scale,
    bytes: answer.bytes,
    points: answer.points,
    bytesPerPoint: answer.bytes / answer.points,
  };
}

/** The normal queries' median bytes per point. */
export function normalBytesPerPoint(rows: Measured[]): number {
  const sorted = rows
    .filter((r) => !r.hostile)
    .map((r) => r.bytesPerPoint)
    .sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The table docs/security.md keeps. */
export function table(rows: Measured[]): string {
  const normal = normalBytesPerPoint(rows);
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  return [
    "| query | scale | bytes | points | bytes/point | × normal |",
    "| --- | --: | --: | --: | --: | --: |",
    ...rows.map(
      (r) =>
        `| ${r.hostile ? "" : "normal: "}${r.name} | ${r.scale} | ${fmt(r.bytes)} | ${fmt(r.points)} | ${r.bytesPerPoint < 10 ? r.bytesPerPoint.toFixed(1) : fmt(r.bytesPerPoint)} | ${(r.bytesPerPoint / normal).toFixed(2)} |`,
    ),
  ].join("\n");
}

if (require.main === module) {
  void (async () => {
    const { loadFacts } = await import("../src/facts/load");
    const { createApp } = await import("../src/server");
    const app = await createApp({
      store: loadFacts(path.join(ROOT, "fixtures")),
      logger: false,
      responseCacheBytes: 0,
      rateLimit: { points: 0, windowSeconds: 60 },
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as { port: number };
    const post: Post = async (body) => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    };
    const rows: Measured[] = [];
    for (const probe of probes()) rows.push(await measure(post, probe));
    console.log(table(rows));
    const normal = normalBytesPerPoint(rows);
    const worst = Math.max(...rows.filter((r) => r.hostile).map((r) => r.bytesPerPoint));
    console.log(
      `\nworst hostile: ${Math.round(worst)} bytes/point, ${(worst / normal).toFixed(1)} × the normal median of ${Math.round(normal)}`,
    );
    await app.close();
    process.exitCode = worst / normal > MAX_RATIO ? 1 : 0;
  })();
}
