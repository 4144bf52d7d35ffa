/**
 * Faults inside a request: a resolver that throws, and one that runs past the
 * execution timeout. The server is the real app built in-process; the fault is
 * put into the data layer under it by wrapping the real, validated store so
 * that reading one record throws, or every read is slow, as a broken or
 * overloaded store would behave. Resolvers, loaders, masking and logging are
 * the shipped code; nothing in src/ knows about these faults.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import type { FactStore } from "../../src/facts/store";
import type { TableName } from "../../src/facts/tables";
import { encodeId } from "../../src/graph/shapes/ids";
import { DEFAULT_RATE_LIMIT, refusedPoints } from "../../src/request/rate-limit";
import { captureLogs, FIXTURES, startServer, type TestServer } from "../helpers";

/** The store, with every table's methods wrapped by `wrap` (called as the real method would be). */
function wrapStore(store: FactStore, wrap: (table: TableName, method: string, call: () => unknown, args: unknown[]) => unknown): FactStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== "table") return Reflect.get(target, prop, receiver);
      return (name: TableName) => {
        const table = target.table(name);
        return new Proxy(table, {
          get(t, p) {
            const value = Reflect.get(t, p, t);
            if (typeof value !== "function") return value;
            return (...args: unknown[]) => wrap(name, String(p), () => value.apply(t, args), args);
          },
        });
      };
    },
  });
}

/** Blocks the thread, as a synchronous store under load would. */
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe("a resolver that throws", () => {
  const logs = captureLogs();
  let server: TestServer;
  beforeAll(async () => {
    const store = wrapStore(loadFacts(FIXTURES), (table, method, call, [key]) => {
      if (table === "leaders" && method === "get" && key === "nicolas-maduro")
        throw new Error("simulated storage fault reading leaders/nicolas-maduro");
      return call();
    });
    server = await startServer(FIXTURES, { store, logger: logs.logger });
  });
  afterAll(() => server.close());

  it("fails that request alone, masked, while concurrent requests succeed", async () => {
    const bad = `{ node(id: "${encodeId("leaders", "nicolas-maduro")}") { ... on Leader { name } } }`;
    const good = `{ countries { nodes { name leaders { nodes { name visits { nodes { hostCountry { name } } } } } } } }`;
    const requests = Array.from({ length: 30 }, (_, i) => (i % 6 === 0 ? bad : good));
    const results = await Promise.all(
      requests.map(async (query) => {
        const res = await fetch(`${server.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
          body: JSON.stringify({ query }),
        });
        return { query, status: res.status, id: res.headers.get("x-request-id")!, text: await res.text() };
      }),
    );

    const goods = results.filter((r) => r.query === good);
    expect(goods).toHaveLength(25);
    for (const r of goods) {
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text).errors).toBeUndefined();
      expect(JSON.parse(r.text).data.countries.nodes).toHaveLength(7);
    }

    const bads = results.filter((r) => r.query === bad);
    expect(bads).toHaveLength(5);
    for (const r of bads) {
      expect(r.status).toBe(200);
      expect(r.text).not.toContain("simulated");
      expect(r.text).not.toContain("stacktrace");
      expect(JSON.parse(r.text)).toEqual({
        data: { node: null },
        errors: [
          {
            message: `Internal server error. Quote request id ${r.id} when reporting it.`,
            locations: [{ line: 1, column: 3 }],
            path: ["node"],
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId: r.id },
          },
        ],
        extensions: { cost: { requestedQueryCost: 1, maximumQueryCost: 25000, rateLimitPoints: 1 } },
      });
      // The log has the stack under the same request id.
      const logged = logs.lines().filter((l) => l.reqId === r.id && l.err);
      expect(logged).toHaveLength(1);
      expect(logged[0]!.level).toBe(50);
      expect(logged[0]!.err.stack).toContain("simulated storage fault reading leaders/nicolas-maduro");
      expect(logged[0]!.err.stack).toMatch(/\n\s+at /);
    }
  });

  it("shows the stack and the real message only when stack traces are turned on (development)", async () => {
    const dev = await startServer(FIXTURES, {
      store: wrapStore(loadFacts(FIXTURES), (table, method, call, [key]) => {
        if (table === "leaders" && method === "get" && key === "nicolas-maduro") throw new Error("simulated storage fault");
        return call();
      }),
      development: true,
      includeStacktrace: true,
    });
    try {
      const res = await dev.gql(`{ node(id: "${encodeId("leaders", "nicolas-maduro")}") { id } }`);
      expect(res.errors![0]!.message).toBe("simulated storage fault");
      expect((res.errors![0]!.extensions as { stacktrace: string[] }).stacktrace.join("\n")).toContain("simulated storage fault");
    } finally {
      await dev.close();
    }
  });
});

describe("the execution timeout", () => {
  const logs = captureLogs();
  let server: TestServer;
  beforeAll(async () => {
    // Every read of the store blocks 10 ms; the budget is 50 ms.
    const store = wrapStore(loadFacts(FIXTURES), (_table, _method, call) => {
      block(10);
      return call();
    });
    server = await startServer(FIXTURES, { store, logger: logs.logger, limits: { executionTimeoutMs: 50 } });
  });
  afterAll(() => server.close());

  it("stops a request that runs out of time with one EXECUTION_TIMEOUT error and 504, and keeps serving", async () => {
    const slow = await server.gql(
      `{ countries(first: 7) { nodes { leaders(first: 5) { nodes { visits(first: 5) { nodes { hostCountry { name } receivedBy { name } } } } } } } }`,
    );
    expect(slow).toEqual({
      status: 504,
      errors: [
        {
          message: "Execution timed out after 50 ms; ask for fewer or smaller connections.",
          extensions: { code: "EXECUTION_TIMEOUT", timeoutMs: 50 },
        },
      ],
      // 1 + 7 countries × (1 + 1 + 5 leaders × (1 + 1 + 5 visits × (1 + 1 + 10 receivers))).
      extensions: { cost: { requestedQueryCost: 2185, maximumQueryCost: 25000, rateLimitPoints: 2185 } },
    });
    const line = logs.lines().find((l) => l.msg === "request completed" && l.status === 504);
    expect(line).toMatchObject({ outcome: "failed", errorCodes: ["EXECUTION_TIMEOUT"] });

    // _entities too: seven countries are one batch of seven 10 ms reads, so the next level is past the deadline.
    const countries = ["iran", "venezuela", "cuba", "nicaragua", "united-states", "russia", "ukraine"];
    const entities = await server.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Country { leaders(first: 2) { nodes { name } } } } }`,
      {
        r: countries.map((c) => ({ __typename: "Country", id: encodeId("countries", c) })),
      },
    );
    expect(entities).toMatchObject({ status: 504, errors: [{ extensions: { code: "EXECUTION_TIMEOUT" } }] });
    expect(entities.data).toBeUndefined();

    // The budget runs from arrival: on a busy machine 50 ms can pass before a request is parsed, so
    // a request that ran out of time only for that is sent again.
    let quick = await server.gql(`{ __typename }`);
    for (let again = 0; again < 3 && quick.status === 504; again++) quick = await server.gql(`{ __typename }`);
    expect(quick).toEqual({
      status: 200,
      data: { __typename: "Query" },
      extensions: { cost: { requestedQueryCost: 0, maximumQueryCost: 25000, rateLimitPoints: 1 } },
    });
  });

  it("keeps an operation compiled and prepared after a request of it runs out of time: the time is the request's, not the operation's", async () => {
    // Reading Maduro blocks 80 ms, past the 50 ms budget; reading anyone else does not.
    const store = wrapStore(loadFacts(FIXTURES), (_table, _method, call, [key]) => {
      if (key === "nicolas-maduro") block(80);
      return call();
    });
    const timed = await startServer(FIXTURES, { store, limits: { executionTimeoutMs: 50 } });
    try {
      const query = `query Walk($id: ID!) { node(id: $id) { id ... on Leader { name country { name } } } }`;
      const raisi = encodeId("leaders", "ebrahim-raisi");
      const prepared = () => timed.engines.get("prepared") ?? 0;
      expect((await timed.gql(query, { id: raisi })).status).toBe(200);
      expect((await timed.gql(query, { id: raisi, again: 1 })).status).toBe(200);
      expect(prepared()).toBe(1);
      const slow = await timed.gql(query, { id: encodeId("leaders", "nicolas-maduro") });
      expect(slow).toMatchObject({ status: 504, errors: [{ extensions: { code: "EXECUTION_TIMEOUT" } }] });
      expect((await timed.gql(query, { id: raisi, again: 2 })).status).toBe(200);
      expect(prepared()).toBe(2);
    } finally {
      await timed.close();
    }
  });
});

describe("the execution timeout runs from a request's arrival", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(FIXTURES, { limits: { executionTimeoutMs: 100 } });
  });
  afterAll(() => server.close());

  /** POSTs `body` in two halves, `pauseMs` apart, on a connection of its own. */
  function postSlowly(body: string, pauseMs: number): Promise<{ status: number; text: string; ratelimit: string }> {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          method: "POST",
          path: "/graphql",
          agent: false,
          headers: {
            "content-type": "application/json",
            accept: "application/graphql-response+json",
            "content-length": String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (d: Buffer) => chunks.push(d));
          res.on("end", () =>
            resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8"), ratelimit: String(res.headers.ratelimit) }),
          );
        },
      );
      req.on("error", reject);
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      setTimeout(() => req.end(body.slice(half)), pauseMs);
    });
  }

  it("counts the time before GraphQL sees it: a request whose body took longer than the timeout is not run", async () => {
    const body = JSON.stringify({ query: `{ country(code: "VE") { name } }` });
    const late = await postSlowly(body, 300);
    expect(late.status).toBe(504);
    expect(JSON.parse(late.text).errors).toMatchObject([{ extensions: { code: "EXECUTION_TIMEOUT", timeoutMs: 100 } }]);
    // The same request in time is answered.
    expect((await postSlowly(body, 0)).status).toBe(200);
  });

  it("charges the refusal of a slow upload for the server's work only, not for the time its body took to arrive", async () => {
    const body = JSON.stringify({ query: `{ country(code: "AR") { name } }` });
    const late = await postSlowly(body, 300);
    expect(late.status).toBe(504);
    // Refused all the same, and charged, but far less than 300 ms at the price of a millisecond.
    const spent = DEFAULT_RATE_LIMIT.points - Number(/r=(\d+)/.exec(late.ratelimit)?.[1]);
    expect(spent).toBeGreaterThanOrEqual(DEFAULT_RATE_LIMIT.refusedPoints);
    expect(spent).toBeLessThan(refusedPoints(DEFAULT_RATE_LIMIT, 100));
  });
});
