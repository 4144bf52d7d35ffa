/**
 * The app without its speed path (src/speed/), as `npm run bench` builds its baseline: every
 * answer is still graphql-js's, byte for byte, so that taking the room out leaves a correct server,
 * only a slower one. A few hundred operations from differential.test.ts's generator, each sent by
 * POST and then by GET (`accept` the one, then the other), each answer compared with graphql-js's
 * on a fresh context, written as Apollo Server writes it.
 */
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMIT } from "../../src/request/rate-limit";
import { FIXTURES, startServer, type TestServer } from "../helpers";
import {
  apolloAnswer,
  bodyOf,
  compare,
  GRAPHQL_RESPONSE_JSON,
  JSON_TYPE,
  limitCodes,
  type Prepared,
  Producer,
  servedOf,
} from "./differential";

/** Another seed than the full test's, so that the two together see more shapes. */
const SEED = 27;
const COUNT = 300;
const CONCURRENCY = 4;

let server: TestServer;
beforeAll(async () => {
  // One client sends every request here: a rate limit it cannot spend, whose code still runs.
  server = await startServer(FIXTURES, { baseline: true, rateLimit: { ...DEFAULT_RATE_LIMIT, points: Number.MAX_SAFE_INTEGER } });
});
afterAll(() => server?.close());

/** The GET of `p`, as urql sends a query; null when its URL would be too long to send so. */
function getUrl(p: Prepared): string | null {
  const { query, variables, operationName } = p.op;
  const params: [string, string][] = [["query", query]];
  if (variables !== undefined) params.push(["variables", JSON.stringify(variables)]);
  if (typeof operationName === "string") params.push(["operationName", operationName]);
  const url = `${server.url}/graphql?${new URLSearchParams(params)}`;
  return url.length <= 15000 ? url : null;
}

/** The differences of each answer to `p` from graphql-js's, and the limit codes of any refusal. */
async function check(p: Prepared): Promise<{ problems: string[]; refused: boolean }> {
  const problems: string[] = [];
  let refused = false;
  // Fastify refuses a JSON body with a `__proto__` key before GraphQL sees it, with or without the room.
  const onlyGet = p.op.variables !== undefined && Object.hasOwn(p.op.variables, "__proto__");
  const url = getUrl(p);
  const sends = [
    { accept: GRAPHQL_RESPONSE_JSON, get: onlyGet },
    { accept: JSON_TYPE, get: url !== null },
  ];
  for (const [n, { accept, get }] of sends.entries()) {
    const requestId = `w${SEED}-${p.index}-${n + 1}`;
    const headers = { accept, "x-request-id": requestId };
    const res =
      get && url
        ? await fetch(url, { headers })
        : await fetch(`${server.url}/graphql`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: bodyOf(p.op, "compact"),
          });
    const served = await servedOf(res);
    if (limitCodes(served).length) {
      refused = true;
      continue;
    }
    // Apollo's own cache-control plugin: `no-store`, the schema giving no hints.
    for (const problem of compare(apolloAnswer(p.result, requestId, accept, 0), served, requestId))
      problems.push(`operation ${p.index} by ${get && url ? "GET" : "POST"} (accept ${accept}):\n${p.op.query}\n${problem.text}`);
  }
  return { problems, refused };
}

describe("the app without its speed path", () => {
  it(`answers ${COUNT} generated operations, by POST and by GET, byte for byte as graphql-js does`, { timeout: 300_000 }, async () => {
    const res = await server.gql<IntrospectionQuery>(getIntrospectionQuery());
    const producer = new Producer(buildClientSchema(res.data!), SEED);
    const problems: string[] = [];
    let refused = 0;
    while (producer.index < COUNT) {
      const chunk: Prepared[] = [];
      while (chunk.length < CONCURRENCY * 4 && producer.index < COUNT) chunk.push(await producer.next());
      const queue = [...chunk];
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let p = queue.shift(); p; p = queue.shift()) {
            producer.count(p);
            const outcome = await check(p);
            problems.push(...outcome.problems);
            if (outcome.refused) refused++;
          }
        }),
      );
    }
    expect(problems.slice(0, 3).join("\n\n"), `${problems.length} answers differ from graphql-js's`).toBe("");
    expect(refused, "operations refused with a limit code although within the generator's budget").toBeLessThanOrEqual(COUNT / 100);
    // Both kinds of answer, or the comparison proves little.
    expect(producer.stats.withErrors / COUNT).toBeGreaterThan(0.1);
    expect(producer.stats.withErrors / COUNT).toBeLessThan(0.6);
  });
});
