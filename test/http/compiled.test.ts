/**
 * When the served app runs an operation compiled (src/speed/compiled.ts), and that every answer
 * stays graphql-js's: a compiled run with errors is run again by graphql-js, and the operation
 * then stays there. test/fuzz/differential.test.ts compares the compiled answers byte for byte.
 */
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeId } from "../../src/graph/shapes/ids";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
let fresh: TestServer;
beforeAll(async () => {
  // Every request through Apollo: without it, the prepared path (src/speed/prepared.ts,
  // test/http/prepared.test.ts) answers an operation's later requests.
  server = await startServer(undefined, { preparedBytes: 0 });
  // The naive baseline, which runs graphql-js alone: the answers to compare with.
  fresh = await startServer(undefined, { baseline: true });
});
afterAll(async () => {
  await server?.close();
  await fresh?.close();
});

const LOOKUP = `query Lookup($id: ID!) { leader(id: $id) { id name country { name } } }`;

async function send(on: TestServer, query: string, variables: Record<string, unknown>) {
  const res = await on.raw({ body: { query, variables }, headers: { accept: "application/json", "x-request-id": "compiled-test" } });
  return { status: res.status, text: res.text };
}

/** What each engine ran, since `before`. */
function ran(before: Map<string, number>): Record<string, number> {
  const now: Record<string, number> = {};
  for (const [engine, n] of server.engines) if (n - (before.get(engine) ?? 0)) now[engine] = n - (before.get(engine) ?? 0);
  return now;
}

describe("compiled execution", () => {
  it("compiles an operation after a run without errors, and sends it back to graphql-js for good at its first compiled run with errors", async () => {
    const before = new Map(server.engines);
    const raisi = encodeId("leaders", "ebrahim-raisi");
    const first = await send(server, LOOKUP, { id: raisi });
    expect(ran(before)).toEqual({ "graphql-js": 1 });
    // Other variables: another request for the response cache, the same operation for the executor.
    const leaders = (await fresh.gql<{ leaders: { nodes: { id: string }[] } }>(`{ leaders(first: 2) { nodes { id } } }`)).data!.leaders
      .nodes;
    const second = await send(server, LOOKUP, { id: leaders[1]!.id });
    expect(ran(before)).toEqual({ "graphql-js": 1, compiled: 1 });
    expect(second).toEqual(await send(fresh, LOOKUP, { id: leaders[1]!.id }));
    expect(first.status).toBe(200);

    // A value the resolver refuses: the compiled run has an error, graphql-js answers on a fresh context.
    const refused = await send(server, LOOKUP, { id: "not-a-node-id" });
    expect(ran(before)).toEqual({ "graphql-js": 1, compiled: 1, rerun: 1 });
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(refused).toEqual(await send(fresh, LOOKUP, { id: "not-a-node-id" }));

    // From then on, graphql-js alone.
    // (`again` only makes the request new to the response cache.)
    const again = await send(server, LOOKUP, { id: raisi, again: true });
    expect(ran(before)).toEqual({ "graphql-js": 2, compiled: 1, rerun: 1 });
    expect(again).toEqual(first);
  });

  it("never compiles an operation whose runs had errors", async () => {
    const before = new Map(server.engines);
    const query = `query Bad($id: ID!) { leader(id: $id) { id } }`;
    for (let i = 0; i < 3; i++) await send(server, query, { id: `not-a-node-id-${i}` });
    expect(ran(before)).toEqual({ "graphql-js": 3 });
  });

  it("leaves variables graphql-js refuses to graphql-js, which stops at its first errors, and keeps the operation compiled", async () => {
    const before = new Map(server.engines);
    const query = `query Many($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    const id = encodeId("countries", "venezuela");
    expect((await send(server, query, { ids: [id] })).status).toBe(200);
    expect((await send(server, query, { ids: [id, id] })).status).toBe(200);
    expect(ran(before)).toEqual({ "graphql-js": 1, compiled: 1 });
    // graphql-jit would coerce every item before giving up: 9,999 errors.
    const wrong = { ids: Array.from({ length: 9_999 }, () => []) };
    const refused = await send(server, query, wrong);
    expect(refused).toEqual(await send(fresh, query, wrong));
    // graphql-js stops at 50 (and says so); an answer lists the first five and counts the rest.
    const errors = JSON.parse(refused.text).errors as { extensions: { code: string; omitted?: number } }[];
    expect(errors).toHaveLength(6);
    expect(errors.at(-1)!.extensions).toMatchObject({ code: "TOO_MANY_ERRORS", omitted: 46 });
    expect(ran(before)).toEqual({ "graphql-js": 2, compiled: 1 });
    expect((await send(server, query, { ids: [id, id, id] })).status).toBe(200);
    expect(ran(before)).toEqual({ "graphql-js": 2, compiled: 2 });
  });

  it("never compiles introspection, nor a document with @skip or @include, nor one with an alias or variable named like an object's property", async () => {
    const before = new Map(server.engines);
    const documents = [
      getIntrospectionQuery(),
      `query T { __type(name: "Country") { name } }`,
      `query S($s: Boolean!) { countries(first: 1) { totalCount @skip(if: $s) } }`,
      `query I($i: Boolean!) { countries(first: 1) { ... on CountryConnection @include(if: $i) { totalCount } } }`,
      `query P { __proto__: __typename }`,
      `query V($valueOf: Int) { countries(first: $valueOf) { totalCount } }`,
    ];
    for (const query of documents) {
      for (const [n, value] of [true, false, true].entries()) {
        // `n` only makes each request new to the response cache.
        const res = await send(server, query, { s: value, i: value, n });
        expect(res.status).toBe(200);
        expect(JSON.parse(res.text).errors).toBeUndefined();
      }
    }
    expect(ran(before)).toEqual({ "graphql-js": 3 * documents.length });
  });

  it("is off with COMPILED_MB=0, and prepared operations with it: Apollo runs every operation on graphql-js", async () => {
    const off = await startServer(undefined, { compiledBytes: 0, responseCacheBytes: 0 });
    try {
      const leaders = ["ebrahim-raisi", "nicolas-maduro", "ebrahim-raisi"].map((leader) => encodeId("leaders", leader));
      for (const id of leaders) expect(await send(off, LOOKUP, { id })).toEqual(await send(fresh, LOOKUP, { id }));
      // Neither compiled nor prepared: Apollo's own executor, which reports to no observer.
      expect(off.engines.size).toBe(0);
    } finally {
      await off.close();
    }
  });
});
