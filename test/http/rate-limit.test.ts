/** The per-client rate limit by cost, over HTTP: what each answer says, what a refusal says, and who counts as a client. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { DEFAULT_RATE_LIMIT } from "../../src/request/rate-limit";
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
    server = await startServer(undefined, { rateLimit: { points: 100, windowSeconds: 60 }, trustProxy: true });
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

describe("rate limit configuration", () => {
  it("defaults to a budget no person in Sandbox comes near, and is configurable or off", () => {
    expect(loadConfig({}).rateLimit).toEqual(DEFAULT_RATE_LIMIT);
    expect(DEFAULT_RATE_LIMIT.points).toBeGreaterThanOrEqual(100 * 25_000);
    expect(loadConfig({ RATE_LIMIT_POINTS: "500", RATE_LIMIT_WINDOW_SECONDS: "10" }).rateLimit).toEqual({ points: 500, windowSeconds: 10 });
    expect(loadConfig({ RATE_LIMIT_POINTS: "0" }).rateLimit.points).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).trustProxy).toEqual(["10.0.0.0/8", "127.0.0.1"]);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({}).trustProxy).toBe(false);
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
