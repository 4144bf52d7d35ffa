/** The servers `npm run bench` compares, and how an answer of theirs is read. No side effects: tests import it. */
import path from "node:path";
import type { ServerSpec } from "./procs";
import { bodyOf, type BenchQuery } from "./queries";
import { startArgv } from "../../src/scripts/start-command";

/** The project's root, from this file's place in test/bench/ or in its build under .bench/build/test/bench/. */
export const ROOT = path.resolve(
  __dirname,
  ...(path.basename(path.resolve(__dirname, "..", "..", "..")) === ".bench" ? ["..", "..", "..", ".."] : ["..", ".."]),
);
export const OUT = path.join(ROOT, ".bench");
export const FIXTURES = path.join(ROOT, "fixtures");
/** What `npm start` runs. */
const START = startArgv(ROOT);
/** A bench server's built script (npm run bench builds them with test/bench/tsconfig.json). */
const script = (name: string) => path.join(OUT, "build", "test", "bench", "servers", `${name}.js`);

export const SERVERS = {
  ceiling: { name: "raw node:http, precomputed JSON (ceiling)", argv: [script("ceiling"), path.join(OUT, "answers.json")] },
  // The bench is one client at full speed, which the rate limit exists to stop; the peers have none.
  newsfacts: { name: "newsfacts (as served)", argv: START, env: { RATE_LIMIT_POINTS: "0" } },
  uncached: {
    name: "newsfacts, response cache off",
    argv: START,
    env: { RESPONSE_CACHE_MB: "0", RATE_LIMIT_POINTS: "0" },
  },
  naive: { name: "naive: Apollo 5 defaults + Type-GraphQL + DataLoader", argv: [script("naive")] },
  apollo: { name: "peer: Apollo 5 + graphql-js + DataLoader (Fastify)", argv: [script("apollo-plain")] },
  mercurius: { name: "peer: Fastify + Mercurius + graphql-jit + DataLoader", argv: [script("mercurius")] },
  apolloExpress: { name: "Apollo 5 + graphql-js + DataLoader on Express 5", argv: [script("apollo-plain"), "express"] },
} satisfies Record<string, ServerSpec>;
export type ServerKey = keyof typeof SERVERS;

export async function answer(url: string, q: BenchQuery): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: bodyOf(q) });
  return { status: res.status, text: await res.text() };
}

/** `data` as bytes, after checking the answer is a 200 without errors. */
export function dataOf(name: string, q: BenchQuery, a: { status: number; text: string }): string {
  const body = JSON.parse(a.text) as { data?: unknown; errors?: unknown };
  if (a.status !== 200 || body.errors || !body.data) throw new Error(`${name} failed ${q.name}: ${a.status} ${a.text.slice(0, 500)}`);
  return JSON.stringify(body.data);
}
