/**
 * Liveness, readiness and the drain in process (src/http/lifecycle.ts): what `/health` and `/ready`
 * say, that closing the app waits for answers still being written, and that a drain past its
 * timeout cuts what is left. test/process.test.ts checks the same through signals to the process.
 */
import { Agent, type IncomingMessage, request } from "node:http";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { createApp } from "../../src/server";
import { FIXTURES } from "../helpers";

const store = loadFacts(FIXTURES);
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) if (app.lifecycle.phase === "serving") await app.close();
});

async function start(): Promise<{ app: FastifyInstance; port: number }> {
  // The limits are not what is tested: answers of about 10 MB, whatever the cost model makes of them.
  const app = await createApp({
    store,
    logger: false,
    responseCacheBytes: 0,
    rateLimit: { points: 0, windowSeconds: 60 },
    limits: { maxCost: 100_000_000 },
  });
  apps.push(app);
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, port: (app.server.address() as { port: number }).port };
}

const get = async (port: number, pathname: string, method = "GET") => {
  const res = await fetch(`http://127.0.0.1:${port}${pathname}`, { method });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, cache: res.headers.get("cache-control") };
};

/** A request for about 10 MB, on `agent`; resolves once the answer's headers are in, its body unread. */
async function large(port: number, agent: Agent): Promise<{ response: Promise<IncomingMessage>; body: string }> {
  const ids = (
    (await (
      await fetch(`http://127.0.0.1:${port}/graphql?query=${encodeURIComponent("{ countries(first: 100) { nodes { id } } }")}`)
    ).json()) as {
      data: { countries: { nodes: { id: string }[] } };
    }
  ).data.countries.nodes.map((n) => n.id);
  const select = "_entities(representations: $r) { ... on Country { citations { source { text sentences } } } }";
  const body = JSON.stringify({
    query: `query Large($r: [_Any!]!) { a: ${select} b: ${select} c: ${select} d: ${select} }`,
    variables: { r: Array.from({ length: 300 }, (_, i) => ({ __typename: "Country", id: ids[i % ids.length] })) },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: { "content-type": "application/json" } },
      (res) => {
        res.pause();
        resolve(res);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
  return { response, body };
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("aborted", () => resolve(`cut off after ${Buffer.concat(chunks).length} bytes`));
    res.on("error", () => resolve(`cut off after ${Buffer.concat(chunks).length} bytes`));
    res.resume();
  });
}

describe("/health and /ready", () => {
  it("say ok and ready while serving, uncached, to GET and HEAD", async () => {
    const { port } = await start();
    expect(await get(port, "/health")).toEqual({ status: 200, body: { status: "ok" }, cache: "no-store" });
    expect(await get(port, "/ready")).toEqual({ status: 200, body: { status: "ready" }, cache: "no-store" });
    expect((await get(port, "/ready", "HEAD")).status).toBe(200);
  });

  it("turn draining (503 on /ready, 200 on /health) as soon as the drain begins, while it still accepts", async () => {
    const { app, port } = await start();
    const drained = app.lifecycle.drain(app, { delayMs: 500, timeoutMs: 5_000 });
    expect(app.lifecycle.phase).toBe("draining");
    expect(await get(port, "/ready")).toEqual({ status: 503, body: { status: "draining" }, cache: "no-store" });
    expect(await get(port, "/health")).toEqual({ status: 200, body: { status: "draining" }, cache: "no-store" });
    expect(await drained).toEqual({ drained: true, cut: 0 });
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});

describe("closing the app", () => {
  it("waits for answers still being written, and they arrive whole", async () => {
    const { app, port } = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 3 });
    const requests = await Promise.all([large(port, agent), large(port, agent), large(port, agent)]);
    const reference = await (
      await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: requests[0]!.body,
      })
    ).text();
    const responses = await Promise.all(requests.map((r) => r.response));
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(closed).toBe(false);
    const bodies = await Promise.all(responses.map(readAll));
    await closing;
    agent.destroy();
    expect(reference.length).toBeGreaterThan(8_000_000);
    expect(bodies.map((b) => (b === reference ? "whole" : b.slice(0, 60)))).toEqual(["whole", "whole", "whole"]);
  });

  it("cuts what is still being written after the drain's timeout, and says how many", async () => {
    const { app, port } = await start();
    const agent = new Agent({ keepAlive: true });
    const { response } = await large(port, agent);
    const res = await response;
    expect(await app.lifecycle.drain(app, { delayMs: 0, timeoutMs: 300 })).toEqual({ drained: false, cut: 1 });
    expect(await readAll(res)).toMatch(/^cut off after/);
    agent.destroy();
  });
});
