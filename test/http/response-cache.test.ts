/**
 * The response cache in front of Apollo: a repeated identical request gets the
 * uncached answer's bytes without running a resolver (no loader batch), and
 * nothing that could differ, or that is an error, is ever replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, startServer, type RawRequest, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** The answer, and whether a resolver ran for it (an answer from the cache runs none). */
async function ask(request: RawRequest, on = server) {
  on.batches.clear();
  const answer = await on.raw(request);
  return { ...answer, executed: on.batches.size > 0 };
}

const NESTED = `query($n: Int) { countries(first: $n) { nodes { name leaders { nodes { name visits { nodes { hostCountry { name } } } } } } } }`;

describe("the response cache", () => {
  it("answers a repeated request from memory with the uncached answer's exact bytes and headers", async () => {
    const request = { body: { query: NESTED, variables: { n: 3 } } };
    const first = await ask(request);
    const second = await ask(request);
    expect(first.executed).toBe(true);
    expect(second.executed).toBe(false);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    for (const header of ["content-type", "cache-control", "access-control-allow-origin"]) {
      expect(second.headers.get(header), header).toBe(first.headers.get(header));
    }
    // Each answer still carries its own request id.
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
  });

  it("keys on variables, operation name and content negotiation", async () => {
    const one = await ask({ body: { query: NESTED, variables: { n: 1 } } });
    const two = await ask({ body: { query: NESTED, variables: { n: 2 } } });
    expect(two.executed).toBe(true);
    expect(two.text).not.toBe(one.text);

    const named = `query A { countries(first: 1) { totalCount } } query B { countries(first: 2) { nodes { code } } }`;
    const a = await ask({ body: { query: named, operationName: "A" } });
    const b = await ask({ body: { query: named, operationName: "B" } });
    expect(JSON.parse(a.text).data.countries).toHaveProperty("totalCount");
    expect(JSON.parse(b.text).data.countries).toHaveProperty("nodes");

    const query = { query: `{ countries(first: 4) { nodes { leaders { totalCount } } } }` };
    const json = await ask({ body: query, headers: { accept: "application/json" } });
    const graphqlJson = await ask({ body: query, headers: { accept: "application/graphql-response+json" } });
    expect(graphqlJson.executed).toBe(true);
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(graphqlJson.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
  });

  it("never replays an error, even one beside data in a 200 answer", async () => {
    const partial = {
      body: { query: `{ countries(first: 2) { nodes { leaders { nodes { name } } } } visits(first: 500) { totalCount } }` },
    };
    for (let i = 0; i < 2; i++) {
      const res = await ask(partial);
      expect(res.status).toBe(200);
      expect(res.executed).toBe(true);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
    const invalid = { body: { query: `{ countries { nodes { nope } } }` }, headers: { accept: "application/graphql-response+json" } };
    const [x, y] = [await ask(invalid), await ask(invalid)];
    expect([x.status, y.status]).toEqual([400, 400]);
    expect(y.text).toBe(x.text);
  });

  it("replays a simple GET and one with Apollo's preflight header from one entry (no CSRF check reads it)", async () => {
    const search = { query: `{ countries(first: 5) { nodes { leaders(first: 1) { totalCount } } } }` };
    const preflighted = await ask({ method: "GET", search, headers: { "apollo-require-preflight": "1" } });
    const simple = await ask({ method: "GET", search });
    expect([preflighted.status, simple.status, preflighted.executed, simple.executed]).toEqual([200, 200, true, false]);
    expect(simple.text).toBe(preflighted.text);
    expect(JSON.parse(simple.text).data.countries.nodes).toHaveLength(5);
  });

  it("never caches an answer that carries a federated trace", async () => {
    const tracing = await startServer(FIXTURES, { federationTraces: true });
    try {
      const request = {
        body: { query: `{ countries(first: 6) { nodes { leaders { totalCount } } } }` },
        headers: { "apollo-federation-include-trace": "ftv1" },
      };
      for (let i = 0; i < 2; i++) {
        const res = await ask(request, tracing);
        expect(res.executed).toBe(true);
        expect(JSON.parse(res.text).extensions.ftv1).toEqual(expect.any(String));
      }
    } finally {
      await tracing.close();
    }
  });

  it("stays within its bytes, evicting the least recently used answer", async () => {
    const small = await startServer(FIXTURES, { responseCacheBytes: 16 * 1024 });
    try {
      const request = (n: number) => ({
        body: { query: `query($n: Int) { countries(first: $n) { nodes { name leaders { totalCount } } } }`, variables: { n } },
      });
      await ask(request(1), small);
      expect((await ask(request(1), small)).executed).toBe(false);
      for (let n = 2; n <= 30; n++) await ask(request(n), small);
      expect((await ask(request(1), small)).executed).toBe(true);
    } finally {
      await small.close();
    }
  });
});
