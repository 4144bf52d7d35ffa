/**
 * The prepared path (src/speed/prepared.ts): a request for an operation Apollo has answered cleanly
 * runs compiled without Apollo's pipeline, and answers what Apollo would have, byte for byte and
 * head included; what depends on the variables (cost, limits, points, coercion) is done again,
 * and anything it cannot answer cleanly goes to Apollo. Each answer here is compared with the one
 * a server that has never seen the operation gives (Apollo's). test/fuzz/differential.test.ts
 * holds it to graphql-js over generated operations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeId } from "../../src/graph/shapes/ids";
import { captureLogs, type RawAnswer, startServer, type TestServer, type TestServerOptions } from "../helpers";

const PAGE = `query Page($n: Int!) { visits(first: $n) { totalCount nodes { id hostCountry { name } } } }`;
const LOOKUP = `query Lookup($id: ID!) { leader(id: $id) { id name country { name } } }`;
const raisi = encodeId("leaders", "ebrahim-raisi");
const maduro = encodeId("leaders", "nicolas-maduro");

/** Every answer executes: no response cache in front. */
const OPTIONS: TestServerOptions = { responseCacheBytes: 0 };

let server: TestServer;
const fresh: TestServer[] = [];
beforeAll(async () => {
  server = await startServer(undefined, OPTIONS);
});
afterAll(() => server?.close());
afterEach(async () => {
  await Promise.all(fresh.splice(0).map((s) => s.close()));
});

interface Sent {
  status: number;
  contentType: string | null;
  cacheControl: string | null;
  text: string;
}

/** What of an answer the prepared path must give as Apollo does: status, head and body. */
function sentOf(res: RawAnswer): Sent {
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    cacheControl: res.headers.get("cache-control"),
    text: res.text,
  };
}

async function send(on: TestServer, body: Record<string, unknown>, accept = "application/json"): Promise<Sent> {
  return sentOf(await on.raw({ body, headers: { accept } }));
}

/** Apollo's answer: the first request of a server that has not seen the operation. */
async function apolloAnswer(body: Record<string, unknown>, options: TestServerOptions = OPTIONS, accept?: string): Promise<Sent> {
  const other = await startServer(undefined, options);
  fresh.push(other);
  return send(other, body, accept);
}

/** What each engine ran on `on` since `before`. */
function ran(on: TestServer, before: Map<string, number>): Record<string, number> {
  const now: Record<string, number> = {};
  for (const [engine, n] of on.engines) if (n - (before.get(engine) ?? 0)) now[engine] = n - (before.get(engine) ?? 0);
  return now;
}

describe("prepared operations", () => {
  it("answers an operation Apollo answered cleanly without Apollo, as Apollo would, for any variables", async () => {
    const before = new Map(server.engines);
    const first = await send(server, { query: LOOKUP, variables: { id: raisi } });
    expect(ran(server, before)).toEqual({ "graphql-js": 1 });
    const other = await send(server, { query: LOOKUP, variables: { id: maduro } });
    const again = await send(server, { query: LOOKUP, variables: { id: raisi } });
    expect(ran(server, before)).toEqual({ "graphql-js": 1, prepared: 2 });
    expect(again).toEqual(first);
    expect(other).toEqual(await apolloAnswer({ query: LOOKUP, variables: { id: maduro } }));
    expect(JSON.parse(other.text).data.leader.name).toBe("Nicolas Maduro");
  });

  it("estimates the cost again for the variables of each request, and reports it as Apollo does", async () => {
    await send(server, { query: PAGE, variables: { n: 1 } });
    const before = new Map(server.engines);
    const small = await send(server, { query: PAGE, variables: { n: 2 } });
    const large = await send(server, { query: PAGE, variables: { n: 20 } });
    expect(ran(server, before)).toEqual({ prepared: 2 });
    expect(JSON.parse(small.text).extensions.cost.requestedQueryCost).toBeLessThan(
      JSON.parse(large.text).extensions.cost.requestedQueryCost,
    );
    expect(small).toEqual(await apolloAnswer({ query: PAGE, variables: { n: 2 } }));
    expect(large).toEqual(await apolloAnswer({ query: PAGE, variables: { n: 20 } }));
  });

  it("leaves to Apollo a request over the cost limit, and variables that do not fit", async () => {
    const limited: TestServerOptions = { ...OPTIONS, limits: { maxCost: 20 } };
    const on = await startServer(undefined, limited);
    fresh.push(on);
    expect((await send(on, { query: PAGE, variables: { n: 1 } })).status).toBe(200);
    const before = new Map(on.engines);
    const over = await send(on, { query: PAGE, variables: { n: 50 } });
    expect(JSON.parse(over.text).errors[0].extensions.code).toBe("COST_LIMIT_EXCEEDED");
    expect(over).toEqual(await apolloAnswer({ query: PAGE, variables: { n: 50 } }, limited));
    for (const n of ["two", null, 2.5]) {
      const unfit = await send(on, { query: PAGE, variables: { n } });
      expect(JSON.parse(unfit.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(unfit).toEqual(await apolloAnswer({ query: PAGE, variables: { n } }, limited));
    }
    // The refusal was not executed. Variables that do not fit go to Apollo, and graphql-js refuses
    // them (graphql-jit would coerce them all first): the operation stays compiled.
    expect(ran(on, before)).toEqual({ "graphql-js": 3 });
    await send(on, { query: PAGE, variables: { n: 3 } });
    expect(ran(on, before)).toEqual({ "graphql-js": 3, prepared: 1 });
  });

  it("leaves an operation to Apollo and graphql-js for good at its first prepared run with errors", async () => {
    const query = `query Again($id: ID!) { leader(id: $id) { id name } }`;
    await send(server, { query, variables: { id: raisi } });
    const before = new Map(server.engines);
    const refused = await send(server, { query, variables: { id: "not-a-node-id" } });
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(refused).toEqual(await apolloAnswer({ query, variables: { id: "not-a-node-id" } }));
    await send(server, { query, variables: { id: maduro } });
    expect(ran(server, before)).toEqual({ "graphql-js": 2 });
  });

  it("prepares a GET's parameters as Apollo reads them, as urql sends queries", async () => {
    const get = async (search: Record<string, unknown>, on = server) =>
      sentOf(await on.raw({ method: "GET", search, headers: { accept: "application/graphql-response+json" } }));
    const query = `query ByGet($id: ID!) { leader(id: $id) { name } }`;
    await get({ query, variables: { id: raisi } });
    const before = new Map(server.engines);
    const other = await get({ query, variables: { id: maduro } });
    expect(ran(server, before)).toEqual({ prepared: 1 });
    const fromApollo = await startServer(undefined, OPTIONS);
    fresh.push(fromApollo);
    expect(other).toEqual(await get({ query, variables: { id: maduro } }, fromApollo));
    // A parameter twice, or variables that are not a JSON object: Apollo's 400.
    const url = `${server.url}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ id: raisi }))}`;
    const twice = await fetch(`${url}&query=${encodeURIComponent(query)}`);
    expect(twice.status).toBe(400);
    const notObject = await get({ query, variables: "[1]" });
    expect(notObject.status).toBe(400);
    expect(ran(server, before)).toEqual({ prepared: 1 });
  });

  it("prepares Apollo Client 4's requests, which name the client in `extensions`, but not persisted queries", async () => {
    const query = `query Client($id: ID!) { leader(id: $id) { id name } }`;
    const extensions = { clientLibrary: { name: "@apollo/client", version: "4.3.8" } };
    await send(server, { query, variables: { id: raisi }, extensions });
    const before = new Map(server.engines);
    const other = await send(server, { query, variables: { id: maduro }, extensions });
    expect(ran(server, before)).toEqual({ prepared: 1 });
    expect(other).toEqual(await apolloAnswer({ query, variables: { id: maduro }, extensions }));
    const persisted = { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } };
    const refused = await send(server, { query, variables: { id: maduro }, extensions: persisted });
    expect(refused).toEqual(await apolloAnswer({ query, variables: { id: maduro }, extensions: persisted }));
    expect(ran(server, before)).toEqual({ prepared: 1 });
  });

  it("leaves to Apollo what it does not prepare: a federated trace, another media type until Apollo has answered it", async () => {
    const query = `query Shapes { countries(first: 2) { nodes { code } } }`;
    const learnt = await send(server, { query });
    const before = new Map(server.engines);
    await server.raw({ body: { query }, headers: { "apollo-federation-include-trace": "ftv1" } });
    const strict = await send(server, { query }, "application/graphql-response+json");
    // Apollo answers each of these, compiled (federated traces are off by default, so nothing instruments the trace's request).
    expect(ran(server, before)).toEqual({ compiled: 2 });
    expect(strict.contentType).toBe("application/graphql-response+json; charset=utf-8");
    // The strict media type is now learnt too, and each keeps its own head.
    expect(await send(server, { query }, "application/graphql-response+json")).toEqual(strict);
    expect(await send(server, { query, operationName: "Shapes" })).toEqual(await apolloAnswer({ query, operationName: "Shapes" }));
    expect(await send(server, { query })).toEqual(learnt);
    // Named, the operation is another for the executor too: graphql-js first.
    expect(ran(server, before)).toEqual({ compiled: 2, "graphql-js": 1, prepared: 2 });
  });

  it("keeps the last eight heads of one query text, and answers the others through Apollo as it would", async () => {
    const query = `query Heads { countries(first: 1) { nodes { code } } }`;
    const accepts = Array.from({ length: 9 }, (_, i) => `application/json, */*;q=0.${i + 1}`);
    const learnt: Sent[] = [];
    for (const accept of accepts) learnt.push(await send(server, { query }, accept));
    const before = new Map(server.engines);
    for (const [i, accept] of accepts.entries()) if (i > 0) expect(await send(server, { query }, accept)).toEqual(learnt[i]);
    expect(ran(server, before)).toEqual({ prepared: 8 });
    // The first head went when the ninth came: Apollo answers it, the same bytes, and it is learnt again.
    expect(await send(server, { query }, accepts[0])).toEqual(learnt[0]);
    expect(ran(server, before)).toEqual({ prepared: 8, compiled: 1 });
  });

  it("spends a request's points once, whichever path answers it, and refuses a client out of points", async () => {
    const limited: TestServerOptions = { ...OPTIONS, rateLimit: { points: 40, windowSeconds: 60 } };
    const on = await startServer(undefined, limited);
    fresh.push(on);
    const remaining = async (body: Record<string, unknown>) => {
      const res = await on.raw({ body, headers: { accept: "application/json" } });
      return { status: res.status, left: Number(/r=(\d+)/.exec(res.headers.get("ratelimit") ?? "")?.[1]), text: res.text };
    };
    const query = `query Spend($id: ID!) { leader(id: $id) { id name country { name } } }`;
    const points = (text: string) => JSON.parse(text).extensions.cost.rateLimitPoints as number;
    const first = await remaining({ query, variables: { id: raisi } });
    const before = new Map(on.engines);
    const prepared = await remaining({ query, variables: { id: maduro } });
    expect(ran(on, before)).toEqual({ prepared: 1 });
    expect(prepared.left).toBe(first.left - points(prepared.text));
    // A prepared run with errors, answered again by Apollo: its points are spent once.
    const failed = await remaining({ query, variables: { id: "not-a-node-id" } });
    expect(failed.left).toBe(prepared.left - points(failed.text));
    let last = failed;
    while (last.status === 200) last = await remaining({ query: `{ leaders(first: 5) { nodes { id } } }` });
    expect(last.status).toBe(429);
    expect(JSON.parse(last.text).errors[0].extensions.code).toBe("RATE_LIMITED");
  });

  it("logs a prepared answer's operation like any other", async () => {
    const logs = captureLogs();
    const on = await startServer(undefined, { ...OPTIONS, logger: logs.logger });
    fresh.push(on);
    const body = { query: `query Logged { countries(first: 1) { totalCount } } query Other { __typename }`, operationName: "Logged" };
    await send(on, body);
    await send(on, body);
    expect(on.engines.get("prepared")).toBe(1);
    const lines = logs.lines().filter((line) => line.msg === "request completed");
    expect(lines.map((line) => [line.operationName, line.status, line.outcome])).toEqual([
      ["Logged", 200, "ok"],
      ["Logged", 200, "ok"],
    ]);
  });
});
