/** The request log: one JSON line per request with its id, operation, status, duration and outcome. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, FIXTURES, startServer, type TestServer } from "../helpers";

const logs = captureLogs();
let server: TestServer;
beforeAll(async () => {
  server = await startServer(FIXTURES, { logger: logs.logger });
});
afterAll(() => server.close());

async function post(body: unknown, requestId: string) {
  await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": requestId },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  // The line is written when the response has been sent.
  for (let i = 0; i < 50 && !logs.lines().some((l) => l.reqId === requestId); i++) await new Promise((r) => setTimeout(r, 10));
  return logs.lines().filter((l) => l.reqId === requestId);
}

describe("the request log", () => {
  it("writes one line per request: id, method, path, operation, status, duration, outcome", async () => {
    const lines = await post({ query: 'query Venezuela { country(code: "VE") { name } }' }, "log-ok-1");
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "request completed",
        reqId: "log-ok-1",
        method: "POST",
        path: "/graphql",
        operationName: "Venezuela",
        status: 200,
        durationMs: expect.any(Number),
        outcome: "ok",
      }),
    ]);
    expect(lines[0]).not.toHaveProperty("errorCodes");
  });

  it("names the operation of an answer replayed from the response cache", async () => {
    const body = { query: 'query Cuba { country(code: "CU") { name leaders { totalCount } } }' };
    await post(body, "log-cache-1");
    const [replayed] = await post(body, "log-cache-2");
    expect(replayed).toMatchObject({ operationName: "Cuba", status: 200, outcome: "ok" });
  });

  it("says why a request was refused", async () => {
    const [line] = await post({ query: "query Deep { nope }", operationName: "Deep" }, "log-rejected-1");
    // No accept header means application/json, whose request errors are answered 200: still "rejected".
    expect(line).toMatchObject({ operationName: "Deep", status: 200, outcome: "rejected", errorCodes: ["GRAPHQL_VALIDATION_FAILED"] });
    const [unreadable] = await post("{ not json", "log-rejected-2");
    expect(unreadable).toMatchObject({ operationName: null, status: 400, outcome: "rejected", errorCodes: ["BAD_REQUEST"] });
    // Refused by Apollo before any plugin runs (the query is not a string): the codes come from the answer.
    const [noQuery] = await post({ query: 1 }, "log-rejected-3");
    expect(noQuery).toMatchObject({ operationName: null, status: 400, outcome: "rejected", errorCodes: ["BAD_REQUEST"] });
  });

  it("never logs the query string of a GET (it is the whole document)", async () => {
    await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ secret: __typename }")}`, {
      headers: { "apollo-require-preflight": "1", "x-request-id": "log-get-1" },
    });
    await new Promise((r) => setTimeout(r, 50));
    const lines = logs.lines().filter((l) => l.reqId === "log-get-1");
    expect(lines).toMatchObject([{ path: "/graphql", outcome: "ok" }]);
    expect(JSON.stringify(lines)).not.toContain("secret");
  });
});
