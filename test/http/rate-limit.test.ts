/** The per-client rate limit by cost, over HTTP: what each answer says, what a refusal says, and who counts as a client. */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type TrustProxy } from "../../src/config";
import { DEFAULT_RATE_LIMIT, refusedPoints } from "../../src/request/rate-limit";
import { startServer, type TestServer } from "../helpers";

/** 1 + 20 countries (a connection without first or last counts its default page). */
const COUNTRIES = `{ countries { nodes { name } } }`;
const COUNTRIES_COST = 21;
/** 1 + 40 visits. */
const VISITS = `{ visits(first: 40) { nodes { id } } }`;

const remaining = (headers: Headers) => Number(/r=(\d+)/.exec(headers.get("ratelimit") ?? "")?.[1]);

describe("rate limit by cost", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(undefined, { rateLimit: { points: 100, windowSeconds: 60 }, trustProxy: ["127.0.0.1"] });
  });
  afterAll(() => server.close());

  const post = (query: string, client: string) =>
    server.raw({ body: { query }, headers: { accept: "application/graphql-response+json", "x-forwarded-for": client } });

  it("spends each request's estimated cost, replayed answers too, and says so in the RateLimit fields", async () => {
    const first = await post(COUNTRIES, "203.0.113.1");
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe('"cost";q=100;w=60');
    expect(first.headers.get("ratelimit")).toMatch(/^"cost";r=79;t=\d+$/);
    expect(JSON.parse(first.text).extensions.cost).toEqual({
      requestedQueryCost: COUNTRIES_COST,
      maximumQueryCost: 25000,
      rateLimitPoints: COUNTRIES_COST,
    });
    // The same request again is answered from the response cache, and costs the same.
    const replay = await post(COUNTRIES, "203.0.113.1");
    expect(replay.text).toBe(first.text);
    expect(remaining(replay.headers)).toBe(100 - 2 * COUNTRIES_COST);
    // The headers are readable by a page on another origin.
    expect(first.headers.get("access-control-expose-headers")).toMatch(/ratelimit/);
  });

  it("refuses a request its client cannot afford with 429, RATE_LIMITED and Retry-After, spending nothing", async () => {
    const visits = await post(VISITS, "203.0.113.1");
    expect(visits.status).toBe(200);
    expect(remaining(visits.headers)).toBe(100 - 2 * COUNTRIES_COST - 41);
    const refused = await post(COUNTRIES, "203.0.113.1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = JSON.parse(refused.text);
    expect(body.data).toBeUndefined();
    expect(body.errors).toMatchObject([{ extensions: { code: "RATE_LIMITED" } }]);
    expect(body.errors[0].message).toMatch(
      /^Rate limit of 100 points per 60 s exceeded\. This request costs 21 points, and 17 are left\. Retry after \d+ s\.$/,
    );
    // A cheaper request still fits.
    expect((await post(`{ country(code: "VE") { name } }`, "203.0.113.1")).status).toBe(200);
    // The same refusal for an answer the cache holds: 100 - 41 - 41 leaves too little for a third.
    expect((await post(VISITS, "203.0.113.2")).status).toBe(200);
    expect((await post(VISITS, "203.0.113.2")).status).toBe(200);
    const cachedRefused = await post(VISITS, "203.0.113.2");
    expect(cachedRefused.status).toBe(429);
    expect(JSON.parse(cachedRefused.text).errors).toMatchObject([{ extensions: { code: "RATE_LIMITED" } }]);
  });

  it("refuses a client with nothing left before parsing its request", async () => {
    // Four requests of 1 + 24 spend the whole budget.
    for (let i = 0; i < 4; i++) expect((await post(`{ c${i}: visits(first: 24) { nodes { id } } }`, "203.0.113.3")).status).toBe(200);
    const broke = await post(`{ this is not GraphQL`, "203.0.113.3");
    expect(broke.status).toBe(429);
    expect(JSON.parse(broke.text).errors).toMatchObject([{ extensions: { code: "RATE_LIMITED" } }]);
    // Nor its body read: what is not even JSON is refused for the points, not for the JSON.
    const unread = await fetch(`${server.url}/graphql`, {
      method: "POST",
      body: "{ not JSON",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.3" },
    });
    expect(unread.status).toBe(429);
    expect(((await unread.json()) as { errors: unknown }).errors).toMatchObject([{ extensions: { code: "RATE_LIMITED" } }]);
  });

  it("answers a client out of points late, so that asking again at once gets it nothing sooner", async () => {
    const slow = await startServer(undefined, {
      rateLimit: { points: COUNTRIES_COST, windowSeconds: 60, refusalDelayMs: 400 },
      trustProxy: ["127.0.0.1"],
    });
    try {
      const ask = () => slow.raw({ body: { query: COUNTRIES }, headers: { "x-forwarded-for": "203.0.113.9" } });
      expect((await ask()).status).toBe(200);
      // Nothing left: the refusal comes, but no sooner than the delay.
      const started = performance.now();
      const late = await ask();
      expect(late.status).toBe(429);
      expect(performance.now() - started).toBeGreaterThanOrEqual(390);
      // Another client is not kept waiting.
      expect((await slow.raw({ body: { query: COUNTRIES }, headers: { "x-forwarded-for": "203.0.113.10" } })).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it("counts each client apart: another address has its whole budget", async () => {
    const other = await post(COUNTRIES, "198.51.100.7");
    expect(other.status).toBe(200);
    expect(remaining(other.headers)).toBe(100 - COUNTRIES_COST);
  });
});

describe("who is a client", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(undefined, { rateLimit: { points: 30, windowSeconds: 60 } });
  });
  afterAll(() => server.close());

  it("without a trusted proxy, X-Forwarded-For is ignored: a client cannot reset its budget by naming another address", async () => {
    const a = await server.raw({ body: { query: COUNTRIES }, headers: { "x-forwarded-for": "192.0.2.1" } });
    const b = await server.raw({ body: { query: COUNTRIES }, headers: { "x-forwarded-for": "192.0.2.2" } });
    expect(a.status).toBe(200);
    expect(b.status).toBe(429);
  });
});

/**
 * Behind a proxy that appends the address it was reached from to X-Forwarded-For, as nginx's
 * `$proxy_add_x_forwarded_for` and most load balancers do. The client connects to the proxy from
 * 198.51.100.9 and writes any X-Forwarded-For it likes; the proxy (here the test itself, on loopback)
 * forwards "<what the client wrote>, 198.51.100.9".
 */
describe.each<[string, TrustProxy]>([
  ["TRUST_PROXY=127.0.0.1", ["127.0.0.1"]],
  ["a CIDR, TRUST_PROXY=127.0.0.0/8", ["127.0.0.0/8"]],
  ["a hop count, TRUST_PROXY=1", 1],
])("behind an appending proxy, with %s", (_, trustProxy) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(undefined, { rateLimit: { points: 30, windowSeconds: 60 }, trustProxy });
  });
  afterAll(() => server.close());

  const viaProxy = (written: string, from: string) =>
    server.raw({ body: { query: COUNTRIES }, headers: { "x-forwarded-for": written ? `${written}, ${from}` : from } });

  it("a client rotating X-Forwarded-For cannot escape its budget", async () => {
    expect((await viaProxy("192.0.2.1", "198.51.100.9")).status).toBe(200);
    for (const written of ["192.0.2.2", "10.1.2.3, 192.0.2.3", "", "not an address"]) {
      const res = await viaProxy(written, "198.51.100.9");
      expect(res.status, `X-Forwarded-For written by the client: ${JSON.stringify(written)}`).toBe(429);
    }
  });

  it("clients the proxy forwards are told apart by the address it appends", async () => {
    expect((await viaProxy("", "198.51.100.10")).status).toBe(200);
    expect((await viaProxy("192.0.2.9", "198.51.100.11")).status).toBe(200);
  });
});

describe("refused requests", () => {
  let server: TestServer;
  /** Budget 1,000; a refusal spends its floor of 100 and nothing for its time, so that each is counted exactly. */
  beforeAll(async () => {
    server = await startServer(undefined, {
      rateLimit: { points: 1000, windowSeconds: 60, refusedPoints: 100, refusedPointsPerMs: 0 },
      limits: { maxVariableListLength: 50 },
    });
  });
  afterAll(() => server.close());

  const send = (body: unknown, accept = "application/graphql-response+json") => server.raw({ body, headers: { accept } });

  it("spend the floor each, whatever refused them, say so in the RateLimit fields, and then the client is refused", async () => {
    const refusals: [unknown, number, string][] = [
      [{ query: "{ this is not GraphQL" }, 400, "GRAPHQL_PARSE_FAILED"],
      [{ query: "{ nope }" }, 400, "GRAPHQL_VALIDATION_FAILED"],
      [
        { query: "{ countries(first: 100) { nodes { leaders(first: 100) { nodes { visits(first: 100) { nodes { id } } } } } } }" },
        400,
        "COST_LIMIT_EXCEEDED",
      ],
      [{ query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables: { ids: Array(51).fill("x") } }, 400, "BAD_USER_INPUT"],
      [{ query: "query($n: Int) { countries(first: $n) { totalCount } }", variables: { n: "ten" } }, 400, "BAD_USER_INPUT"],
      [{ query: "{ __typename }", operationName: "X" }, 400, "OPERATION_RESOLUTION_FAILURE"],
      [{ variables: {} }, 400, "BAD_REQUEST"],
    ];
    let left = 1000;
    for (const [body, status, code] of refusals) {
      const res = await send(body);
      left -= 100;
      expect({
        status: res.status,
        codes: JSON.parse(res.text).errors.map((e: { extensions: { code: string } }) => e.extensions.code),
      }).toEqual({
        status,
        codes: [code],
      });
      expect({ code, remaining: remaining(res.headers) }).toEqual({ code, remaining: left });
      expect(res.headers.get("retry-after")).toBeNull();
    }
    // Refused for an application/json client (answered 200, as that media type asks): refused all the same.
    const legacy = await send({ query: "{ nope }" }, "application/json");
    expect(legacy.status).toBe(200);
    expect(remaining(legacy.headers)).toBe((left -= 100));
    // A request whose JSON Fastify cannot read is refused before GraphQL, and pays too.
    const raw = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(raw.status).toBe(400);
    expect(remaining(raw.headers)).toBe((left -= 100));
    expect(left).toBe(100);
    expect(remaining((await send({ query: "{ nope }" })).headers)).toBe(0);
    // Nothing left: even a good request is refused now, before it is parsed.
    const refused = await send({ query: "{ __typename }" });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).errors).toMatchObject([{ extensions: { code: "RATE_LIMITED" } }]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("spend a share of the time they held the server on top of the floor", async () => {
    const timed = await startServer(undefined, {
      rateLimit: { points: 1000, windowSeconds: 60, refusedPoints: 100, refusedPointsPerMs: 100 },
    });
    try {
      const res = await timed.raw({ body: { query: "{ nope }" }, headers: { accept: "application/graphql-response+json" } });
      expect(res.status).toBe(400);
      expect(remaining(res.headers)).toBeLessThan(900);
    } finally {
      await timed.close();
    }
  });

  it("spend the floor alone for a body that never ends, however long it took to send what it did", async () => {
    const small = await startServer(undefined, {
      rateLimit: { points: 1_000_000, windowSeconds: 60, refusedPoints: 100, refusedPointsPerMs: 1000 },
      limits: { bodyLimitBytes: 1000 },
    });
    try {
      const { hostname, port } = new URL(small.url);
      // Chunked, so that the server learns the body is too large only when its second half comes.
      const answer = await new Promise<{ status: number; ratelimit: string }>((resolve, reject) => {
        const req = request(
          { hostname, port, method: "POST", path: "/graphql", agent: false, headers: { "content-type": "application/json" } },
          (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode!, ratelimit: String(res.headers.ratelimit) }));
          },
        );
        req.on("error", reject);
        req.write(`{"query":"${"x".repeat(600)}`);
        setTimeout(() => req.end(`${"x".repeat(600)}"}`), 300);
      });
      expect(answer.status).toBe(413);
      expect(1_000_000 - Number(/r=(\d+)/.exec(answer.ratelimit)?.[1])).toBe(100);
    } finally {
      await small.close();
    }
  });

  it("spend the floor plus the points per millisecond, rounded up", () => {
    expect(refusedPoints({ refusedPoints: 100, refusedPointsPerMs: 100 }, 0)).toBe(100);
    expect(refusedPoints({ refusedPoints: 100, refusedPointsPerMs: 100 }, 2.501)).toBe(100 + 251);
    expect(refusedPoints({ refusedPoints: 0, refusedPointsPerMs: 0 }, 2000)).toBe(0);
  });

  it("by default, leave a client sending only refusals a few hundred a window and a fraction of a second of the server, and a person's mistakes room", () => {
    const { points, refusedPoints: floor, refusedPointsPerMs } = DEFAULT_RATE_LIMIT;
    expect(refusedPoints(DEFAULT_RATE_LIMIT, 1)).toBe(floor + refusedPointsPerMs);
    // However cheap each refusal, at most 250 a window; however costly, at most 250 ms of the server's work.
    expect(points / refusedPoints(DEFAULT_RATE_LIMIT, 0)).toBeLessThanOrEqual(250);
    expect(points / refusedPointsPerMs).toBeLessThanOrEqual(250);
    // A mistake now and then costs a person little: a refusal of 2 ms every other second fits the budget.
    expect(30 * refusedPoints(DEFAULT_RATE_LIMIT, 2)).toBeLessThanOrEqual(points);
  });

  it("slow and then refuse a client that sends only the heaviest refused request, at the default price, while others are served", async () => {
    const priced = await startServer(undefined, { rateLimit: { refusalDelayMs: 300 }, trustProxy: ["127.0.0.1"] });
    try {
      // 30,000 empty lists where IDs go: the longest to read of the refusals the soak sends.
      const heavy = {
        query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        variables: { ids: Array.from({ length: 30_000 }, () => []) },
      };
      const send = (client: string, body: unknown) =>
        priced.raw({ body, headers: { accept: "application/graphql-response+json", "x-forwarded-for": client } });
      let refusals = 0;
      let last = await send("203.0.113.20", heavy);
      while (last.status === 400 && refusals < 250) {
        refusals++;
        last = await send("203.0.113.20", heavy);
      }
      expect({ status: last.status, code: JSON.parse(last.text).errors[0].extensions.code }).toEqual({ status: 429, code: "RATE_LIMITED" });
      expect(refusals).toBeGreaterThan(0);
      // Out of points, it waits for each answer.
      const started = performance.now();
      expect((await send("203.0.113.20", { query: "{ __typename }" })).status).toBe(429);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      // Another client is served at once.
      expect((await send("203.0.113.21", { query: "{ __typename }" })).status).toBe(200);
    } finally {
      await priced.close();
    }
  });
});

describe("rate limit configuration", () => {
  it("defaults to a budget no person in Sandbox comes near, and is configurable or off", () => {
    expect(loadConfig({}).rateLimit).toEqual(DEFAULT_RATE_LIMIT);
    expect(DEFAULT_RATE_LIMIT.points).toBeGreaterThanOrEqual(100 * 25_000);
    expect(loadConfig({ RATE_LIMIT_POINTS: "500", RATE_LIMIT_WINDOW_SECONDS: "10" }).rateLimit).toEqual({
      ...DEFAULT_RATE_LIMIT,
      points: 500,
      windowSeconds: 10,
    });
    expect(loadConfig({ RATE_LIMIT_POINTS: "0" }).rateLimit.points).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).trustProxy).toEqual(["10.0.0.0/8", "127.0.0.1"]);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "loopback, ::1, fd00::/8" }).trustProxy).toEqual(["loopback", "::1", "fd00::/8"]);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
  });

  it("refuses TRUST_PROXY=true, saying why and what to give instead", () => {
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(
      /TRUST_PROXY: `true` trusts every X-Forwarded-For address, which clients write themselves: .*escape the rate limit\. Give the proxies' addresses or CIDRs .* or how many proxies stand in front/,
    );
  });

  it("refuses a TRUST_PROXY that is not addresses, ranges or a hop count", () => {
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY: not an IP address, a CIDR range .*"10\.0\.0\.0\/33"/);
    expect(() => loadConfig({ TRUST_PROXY: "proxy.internal" })).toThrow(/"proxy\.internal"/);
    expect(() => loadConfig({ TRUST_PROXY: "0" })).toThrow(/hop count is a whole number from 1 to 100/);
  });

  it("keeps the counters in this process unless REDIS_URL names a Redis, and refuses any other URL", () => {
    expect(loadConfig({}).redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: "" }).redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: "redis://:secret@10.0.0.5:6379/2" }).redisUrl).toBe("redis://:secret@10.0.0.5:6379/2");
    expect(loadConfig({ REDIS_URL: "rediss://cache.internal:6380" }).redisUrl).toBe("rediss://cache.internal:6380");
    for (const url of ["http://10.0.0.5:6379", "10.0.0.5:6379", "redis"])
      expect(() => loadConfig({ REDIS_URL: url })).toThrow(`REDIS_URL: must be a redis:// or rediss:// URL, got "${url}"`);
  });
});
