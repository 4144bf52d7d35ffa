/**
 * Two replicas of the built server, as `npm start` runs them, sharing their rate limit through a
 * real Redis (Debian's redis-server, started here on a free port, keeping nothing on disk).
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Proc } from "../tools/processes";
import { installed, type RedisProc, type ReplicaProc, startRedis, startReplica } from "../tools/topology";

const HAS_REDIS = installed("redis-server");
const NO_REDIS =
  "redis-server is not installed, so no Redis can be started for the replicas to share (Debian: apt-get install -y redis-server; .ci/run installs it)";

/** 1 + 20 countries: two fit in the budget, a third does not. */
const COUNTRIES = `{ countries { nodes { name } } }`;
const POINTS = 50;
/** A stopping replica keeps accepting this long while not ready (for a load balancer to notice). */
const DRAIN_DELAY_MS = 1000;
const SETTINGS = {
  RATE_LIMIT_POINTS: String(POINTS),
  RATE_LIMIT_WINDOW_SECONDS: "60",
  TRUST_PROXY: "127.0.0.1",
  DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
};

let redis: RedisProc;
const replicas: ReplicaProc[] = [];

beforeAll(async () => {
  if (!HAS_REDIS) {
    console.warn(`replicas: skipped: ${NO_REDIS}`);
    return;
  }
  redis = await startRedis();
  const env = { ...SETTINGS, REDIS_URL: redis.url };
  replicas.push(...(await Promise.all(["a", "b"].map((name) => startReplica(`replica ${name}`, { env })))));
}, 60_000);

afterAll(async () => {
  await Promise.all([...replicas.map((r) => r.stop()), redis?.stop()]);
});

interface Answer {
  status: number;
  /** Points left, from the RateLimit field. */
  remaining: number;
  policy: string | null;
  retryAfter: string | null;
  code?: string;
}

/**
 * The countries query from `client` (by X-Forwarded-For, which the replicas trust here), on a new
 * connection: a kept-alive one could be to the process a restart replaced.
 */
async function ask(replica: ReplicaProc, client: string): Promise<Answer> {
  const res = await fetch(`${replica.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": client, connection: "close" },
    body: JSON.stringify({ query: COUNTRIES }),
  });
  const body = (await res.json()) as { errors?: { extensions: { code: string } }[] };
  return {
    status: res.status,
    remaining: Number(/r=(\d+)/.exec(res.headers.get("ratelimit") ?? "")?.[1]),
    policy: res.headers.get("ratelimit-policy"),
    retryAfter: res.headers.get("retry-after"),
    code: body.errors?.[0]?.extensions.code,
  };
}

/** The messages of `proc`'s JSON log lines. */
function messages(proc: Proc): string[] {
  return proc
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => String((JSON.parse(line) as { msg?: string }).msg));
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** GET `path` on a new connection: its status, or "refused" when the replica no longer accepts. */
function getFresh(replica: ReplicaProc, path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port: replica.port, path, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(String(res.statusCode)));
    });
    req.on("error", () => resolve("refused"));
    req.end();
  });
}

const refused = { status: 429, code: "RATE_LIMITED", remaining: POINTS - 42, policy: `"cost";q=${POINTS};w=60` };

describe("two replicas sharing one Redis", () => {
  it("refuse a client that spent its budget across both, whichever it asks", async ({ skip }) => {
    skip(!HAS_REDIS, NO_REDIS);
    const [a, b] = replicas as [ReplicaProc, ReplicaProc];
    expect(await ask(a, "203.0.113.1")).toMatchObject({ status: 200, remaining: POINTS - 21 });
    expect(await ask(b, "203.0.113.1")).toMatchObject({ status: 200, remaining: POINTS - 42, policy: `"cost";q=${POINTS};w=60` });
    for (const replica of [a, b]) {
      const answer = await ask(replica, "203.0.113.1");
      expect(answer).toMatchObject(refused);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    // Another client has its own budget.
    expect(await ask(b, "203.0.113.2")).toMatchObject({ status: 200, remaining: POINTS - 21 });
  });

  it("keep a client's counters across one replica's restart", async ({ skip }) => {
    skip(!HAS_REDIS, NO_REDIS);
    expect(await ask(replicas[0]!, "203.0.113.3")).toMatchObject({ status: 200, remaining: POINTS - 21 });
    const old = replicas[0]!;
    expect(await old.stop()).toBe(0);
    replicas[0] = await startReplica(old.name, { port: old.port, env: { ...SETTINGS, REDIS_URL: redis.url } });
    expect(await ask(replicas[0], "203.0.113.3")).toMatchObject({ status: 200, remaining: POINTS - 42 });
    expect(await ask(replicas[1]!, "203.0.113.3")).toMatchObject(refused);
  });

  it("keep serving with Redis stopped, each under its own limit, and say so in the log once; share again when it is back", async ({
    skip,
  }) => {
    skip(!HAS_REDIS, NO_REDIS);
    const [a, b] = replicas as [ReplicaProc, ReplicaProc];
    const AWAY = /^rate limit: Redis cannot be reached/;
    const BACK = /^rate limit: Redis is back/;
    await redis.stop();
    for (const replica of [a, b]) await until(`${replica.name} logs that Redis is away`, () => messages(replica).some((m) => AWAY.test(m)));
    // Each replica counts on its own: the same client gets the whole budget from each.
    for (const replica of [a, b]) {
      expect(await ask(replica, "203.0.113.4")).toMatchObject({ status: 200, remaining: POINTS - 21 });
      expect(await ask(replica, "203.0.113.4")).toMatchObject({ status: 200, remaining: POINTS - 42 });
      expect(await ask(replica, "203.0.113.4")).toMatchObject(refused);
    }
    // Reconnection keeps failing meanwhile; it is said once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const replica of [a, b]) expect(messages(replica).filter((m) => AWAY.test(m))).toHaveLength(1);

    redis = await startRedis({ port: redis.port });
    for (const replica of [a, b]) await until(`${replica.name} logs that Redis is back`, () => messages(replica).some((m) => BACK.test(m)));
    for (const replica of [a, b]) expect(messages(replica).filter((m) => BACK.test(m))).toHaveLength(1);
    expect(await ask(a, "203.0.113.5")).toMatchObject({ status: 200, remaining: POINTS - 21 });
    expect(await ask(b, "203.0.113.5")).toMatchObject({ status: 200, remaining: POINTS - 42 });
  });

  it("turn not-ready when told to stop, and only then stop accepting", async ({ skip }) => {
    skip(!HAS_REDIS, NO_REDIS);
    const b = replicas[1]!;
    expect(await getFresh(b, "/ready")).toBe("200");
    b.child.kill("SIGTERM");
    // Readiness, each time on a new connection, until the replica takes none.
    const seen: string[] = [];
    const served: string[] = [];
    for (let last = "", n = 0; last !== "refused"; n++) {
      last = await getFresh(b, "/ready");
      if (seen.at(-1) !== last) seen.push(last);
      // While not ready it still answers what reaches it (each time from another client: none runs out of points).
      if (last === "503") served.push(await getFresh(b, "/graphql?query=%7B__typename%7D", { "x-forwarded-for": `198.51.100.${n % 250}` }));
    }
    expect(seen.filter((s) => s !== "200")).toEqual(["503", "refused"]);
    // The first right after turning not-ready; a later one may find it closed.
    expect(served[0]).toBe("200");
    expect(await b.exited).toBe(0);
  });
});
