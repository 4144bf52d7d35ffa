/**
 * The served app, with its speed path (src/speed/), against the app without it (Apollo Server's
 * defaults on graphql-js): the same bytes and status for every request of a corpus that covers
 * data, every kind of error, introspection and federation.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUERIES } from "../bench/queries";
import { FIXTURES, startServer, type RawRequest, type TestServer, nodeId as id } from "../helpers";

let fast: TestServer;
let naive: TestServer;
beforeAll(async () => {
  [fast, naive] = await Promise.all([
    startServer(FIXTURES, { responseCacheBytes: 0, federationTraces: true }),
    startServer(FIXTURES, { baseline: true }),
  ]);
});
afterAll(() => Promise.all([fast.close(), naive.close()]));

const EXAMPLES = path.resolve(__dirname, "..", "..", "schema", "examples");

const CORPUS: RawRequest[] = [
  ...readdirSync(EXAMPLES).map((file) => ({ body: { query: readFileSync(path.join(EXAMPLES, file), "utf8") } })),
  ...QUERIES.map((q) => ({ body: { query: q.query, variables: q.variables } })),
  { body: { query: getIntrospectionQuery() } },
  { body: { query: `{ _service { sdl } }` } },
  {
    body: {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Country { name } ... on Leader { name role } } }`,
      variables: {
        r: [
          { __typename: "Country", id: id("Country", "iran") },
          { __typename: "Leader", id: id("Leader", "nobody") },
          { __typename: "Leader", id: id("Leader", "yvan-gil") },
        ],
      },
    },
  },
  {
    body: {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
      variables: { r: [{ __typename: "Country", id: "garbage" }] },
    },
  },
  {
    body: {
      query: `query($a: Boolean!) { countries(first: 2) { nodes { ...C @include(if: $a) n: name @skip(if: $a) } } } fragment C on Country { code }`,
      variables: { a: true },
    },
  },
  { body: { query: `query One { __typename } query Two { countries(first: 1) { totalCount } }`, operationName: "Two" } },
  // Errors of every kind: in resolvers (alone and beside data), variables, validation, syntax, operation choice.
  { body: { query: `{ countries(first: 1) { nodes { name } } visits(first: 500) { totalCount } }` } },
  { body: { query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: "not base64!" } } },
  { body: { query: `query($n: Int) { countries(first: $n) { totalCount } }`, variables: { n: "ten" } } },
  { body: { query: `query($id: ID!) { node(id: $id) { id } }` } },
  { body: { query: `{ countries { nodes { nope } } }` } },
  { body: { query: `{ countries(first: 1) { ` } },
  { body: { query: `query A { __typename } query B { __typename }` } },
  { body: { query: `{ search(query: "   ") { __typename } }` } },
  { method: "GET", search: { query: "{ countries(first: 1) { nodes { name } } }" }, headers: { "apollo-require-preflight": "1" } },
  { method: "GET", search: { query: "{ __typename }" } },
];

describe("the fast path", () => {
  it("answers every request of the corpus with the same status and bytes as graphql-js on Apollo's defaults", async () => {
    for (const request of CORPUS) {
      const [a, b] = await Promise.all([fast.raw(request), naive.raw(request)]);
      const what = JSON.stringify(request).slice(0, 120);
      expect(a.status, what).toBe(b.status);
      expect(a.text, what).toBe(b.text);
      expect(a.headers.get("content-type"), what).toBe(b.headers.get("content-type"));
    }
  });

  it("keeps federated traces, once configured: a router asking for one gets it", async () => {
    const res = await fast.raw({
      body: { query: `{ countries(first: 1) { nodes { name } } }` },
      headers: { "apollo-federation-include-trace": "ftv1" },
    });
    expect(JSON.parse(res.text).extensions.ftv1).toEqual(expect.any(String));
  });
});

describe("HTTP caching", () => {
  it("lets browsers and CDNs keep an answer without errors for 5 minutes, and no answer with errors", async () => {
    const ok = await fast.raw({ body: { query: `{ countries(first: 1) { totalCount } }` } });
    expect(ok.headers.get("cache-control")).toBe("max-age=300, public");
    const failed = await fast.raw({ body: { query: `{ countries(first: 500) { totalCount } }` } });
    expect(failed.headers.get("cache-control")).toBe("no-store");
    const invalid = await fast.raw({ body: { query: `{ nope }` } });
    expect(invalid.headers.get("cache-control")).toBe("no-store");
  });

  it("serves automatic persisted queries over GET, cacheable by URL", async () => {
    const query = `{ country(code: "VE") { name } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
    const get = (search: Record<string, unknown>) => fast.raw({ method: "GET", search, headers: { "apollo-require-preflight": "1" } });

    const unknown = await get({ extensions: { persistedQuery } });
    expect(JSON.parse(unknown.text).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(unknown.headers.get("cache-control")).toBe("no-store");

    const registered = await get({ query, extensions: { persistedQuery } });
    expect(JSON.parse(registered.text)).toEqual({
      data: { country: { name: "Venezuela" } },
      extensions: { cost: { requestedQueryCost: 1, maximumQueryCost: 25000, rateLimitPoints: 1 } },
    });

    const byHash = await get({ extensions: { persistedQuery } });
    expect(byHash.status).toBe(200);
    expect(byHash.text).toBe(registered.text);
    expect(byHash.headers.get("cache-control")).toBe("max-age=300, public");
  });
});
