/**
 * Bounds on connections, through the real server: thousands of idle or slow
 * connections do not stop it serving; a body or headers sent too slowly are
 * timed out with an answer; a connection over the cap gets a whole 503; idle
 * and kept-alive connections are closed after their timeouts. Every wait here
 * is for an event (an answer, a close), never a deadline: the machine may be slow.
 */
import { request } from "node:http";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONNECTION_LIMITS, RETRY_AFTER_SECONDS } from "../../src/http/connections";
import { FIXTURES, startServer, type TestServerOptions } from "../helpers";
import { exchange, HEALTH, open, parseAnswer, portOf, untilClosed, type ParsedAnswer } from "./sockets";

/** Runs `test` against a server with these connection settings, closing both whatever happens. */
async function withServer(
  connections: TestServerOptions["connections"],
  test: (port: number, gql: (q: string) => Promise<unknown>) => Promise<void>,
) {
  const server = await startServer(FIXTURES, { connections });
  try {
    await test(portOf(server.url), async (q) => server.gql(q));
  } finally {
    await server.close();
  }
}

/** The error shape every refusal has, with its request id. */
function expectRefusal(answer: ParsedAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.connection).toBe("close");
  expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(answer.headers["x-request-id"]).toMatch(/^[\w.:-]+$/);
  expect(Buffer.byteLength(answer.body)).toBe(Number(answer.headers["content-length"]));
  const body = JSON.parse(answer.body) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code } }]);
  return body.errors[0]!.message;
}

const LONG = 120_000;
const QUERY = `{ country(code: "VE") { name } }`;

describe("connections", () => {
  it("answers a query while 3,000 idle or slow connections are held open, under the default cap", async () => {
    // Default cap; timeouts long enough that nothing is closed while the test opens its connections.
    await withServer({ headersTimeoutMs: LONG, requestTimeoutMs: LONG, idleTimeoutMs: LONG }, async (port, gql) => {
      expect(DEFAULT_CONNECTION_LIMITS.maxConnections).toBeGreaterThan(3_000);
      const held: Socket[] = [];
      let closed = 0;
      try {
        for (let batch = 0; batch < 30; batch++) {
          const sockets = await Promise.all(Array.from({ length: 100 }, () => open(port)));
          for (const [i, socket] of sockets.entries()) {
            socket.on("close", () => closed++);
            socket.on("error", () => {});
            // Half of them start a request and stop in the middle of its headers; the others send nothing.
            if (i % 2 === 0) socket.write("GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: 127.0.0.1\r\napollo-requi");
            held.push(socket);
          }
        }
        expect(held).toHaveLength(3_000);
        expect(await gql(QUERY)).toMatchObject({ status: 200, data: { country: { name: "Venezuela" } } });
        expect(closed).toBe(0);
      } finally {
        for (const socket of held) socket.destroy();
      }
    });
  });

  it("times out a body sent too slowly: 408 in the error shape, then closes", async () => {
    await withServer({ headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, idleTimeoutMs: LONG }, async (port) => {
      const socket = await open(port);
      const closed = untilClosed(socket);
      // Whole headers, then a body of 50,000 bytes, one byte every 50 ms (it would take 40 minutes).
      socket.write("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 50000\r\n\r\n{");
      const drip = setInterval(() => socket.writable && socket.write(" "), 50);
      try {
        const message = expectRefusal(parseAnswer(await closed), 408, "REQUEST_TIMEOUT");
        expect(message).toContain("the whole request within 1500 ms");
      } finally {
        clearInterval(drip);
      }
    });
  });

  it("times out headers sent too slowly, though each line keeps the connection busy", async () => {
    await withServer({ headersTimeoutMs: 1_000, requestTimeoutMs: LONG, idleTimeoutMs: LONG }, async (port) => {
      const socket = await open(port);
      const closed = untilClosed(socket);
      socket.write("GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      let n = 0;
      const drip = setInterval(() => socket.writable && socket.write(`x-slow-${n++}: 1\r\n`), 50);
      try {
        const message = expectRefusal(parseAnswer(await closed), 408, "REQUEST_TIMEOUT");
        expect(message).toContain("headers within 1000 ms");
      } finally {
        clearInterval(drip);
      }
    });
  });

  it("refuses a connection over the cap with a whole 503 and retry-after, while those it holds keep working", async () => {
    await withServer({ maxConnections: 4 }, async (port) => {
      const held = await Promise.all(Array.from({ length: 4 }, () => open(port)));
      try {
        // Each held connection is in: it gets answers, on the same socket.
        for (const socket of held) expect((await exchange(socket, HEALTH)).status).toBe(200);

        // A client that says nothing gets the refusal all the same, and the socket is closed.
        const silent = await open(port);
        const refusal = parseAnswer(await untilClosed(silent));
        expect(expectRefusal(refusal, 503, "TOO_MANY_CONNECTIONS")).toContain("limit of 4 open connections");
        expect(refusal.headers["retry-after"]).toBe(String(RETRY_AFTER_SECONDS));

        // An ordinary HTTP client sending a request reads the same answer.
        const viaHttp = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
          const req = request(
            { host: "127.0.0.1", port, path: "/graphql", method: "POST", agent: false, headers: { "content-type": "application/json" } },
            (res) => {
              let body = "";
              res.on("data", (d) => (body += d));
              res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
            },
          );
          req.on("error", reject);
          req.end(JSON.stringify({ query: QUERY }));
        });
        expect(viaHttp.status).toBe(503);
        expect(viaHttp.headers["retry-after"]).toBe(String(RETRY_AFTER_SECONDS));
        expect(JSON.parse(viaHttp.body).errors[0].extensions.code).toBe("TOO_MANY_CONNECTIONS");

        for (const socket of held) expect((await exchange(socket, HEALTH)).status).toBe(200);

        // Once one of them closes, a new connection is let in (as soon as the server has seen the close).
        held.pop()!.destroy();
        let status = 0;
        for (let attempt = 0; attempt < 200 && status !== 200; attempt++) {
          const socket = await open(port);
          status = await exchange(socket, HEALTH).then(
            (a) => a.status,
            () => 0,
          );
          socket.destroy();
          if (status !== 200) await new Promise((r) => setTimeout(r, 25));
        }
        expect(status).toBe(200);
      } finally {
        for (const socket of held) socket.destroy();
      }
    });
  });

  it("closes a connection that sends nothing after the idle timeout, without an answer", async () => {
    await withServer({ idleTimeoutMs: 500, headersTimeoutMs: LONG, requestTimeoutMs: LONG }, async (port) => {
      const socket = await open(port);
      const start = Date.now();
      expect(await untilClosed(socket)).toBe("");
      // Not before its time (a lower bound only: a loaded machine may take longer).
      expect(Date.now() - start).toBeGreaterThanOrEqual(450);
    });
  });

  it("closes a kept-alive connection after the keep-alive timeout it advertises", async () => {
    await withServer({ keepAliveTimeoutMs: 1_000, idleTimeoutMs: LONG, headersTimeoutMs: LONG, requestTimeoutMs: LONG }, async (port) => {
      const socket = await open(port);
      const closed = untilClosed(socket);
      const answer = await exchange(socket, HEALTH);
      const start = Date.now();
      expect(answer.status).toBe(200);
      expect(answer.headers["keep-alive"]).toBe("timeout=1");
      await closed;
      expect(Date.now() - start).toBeGreaterThanOrEqual(950);
    });
  });
});
