/**
 * The built server as a process: start-up failures exit 1 with one line; it runs under the heap cap
 * HEAP_MB gives; SIGTERM turns it not-ready, drains every answer in flight whole and exits 0, also
 * when it is `npm start` that is told to stop.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startArgv } from "../src/scripts/start-command";
import { FIXTURES } from "./helpers";
import { freePort } from "./bench/procs";
import { SETTINGS } from "../src/config";
import { largeAnswerBody, postUnread, readAll } from "./http/large-answers";

const ROOT = path.resolve(__dirname, "..");

/** What `npm start` runs (after `npm run build`, which the suite's pretest runs). */
const START = startArgv(path.resolve(__dirname, ".."));
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function run(
  env: Record<string, string>,
  argv = START,
  command = process.execPath,
): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "info", HOST: "127.0.0.1", ...env } });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out, exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

async function waitForHealth(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not come up");
}

describe("the server process", () => {
  it("refuses to start on broken fixtures: exit 1, naming file, path and reason", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-")), "fixtures");
    temps.push(path.dirname(dir));
    cpSync(FIXTURES, dir, { recursive: true });
    const source = path.join(dir, "sources", "raisi-venezuela-2023", "source.yaml");
    // Yvan Gil's statement without its citations, Raisi's country a country nobody declared.
    const yaml = readFileSync(source, "utf8")
      .replace(/(\n {2}yvan-gil:\n(?: {4}.*\n)*? {4}citations:)\n(?: {6}.*\n)+/, "$1 []\n")
      .replace(/(\n {2}ebrahim-raisi:\n(?: {4}.*\n)*? {4}country:) iran/, "$1 mars");
    writeFileSync(source, yaml);
    const proc = run({ FIXTURES_DIR: dir, PORT: String(await freePort()) });
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toContain("newsfacts: cannot start:");
    const line = (text: string) => yaml.split("\n").indexOf(text) + 1;
    expect(proc.output()).toContain(
      `fixtures/sources/raisi-venezuela-2023/source.yaml:${line("    citations: []")}:5 $.leaders["yvan-gil"].citations: every statement cites the source`,
    );
    expect(proc.output()).toContain(
      `fixtures/sources/raisi-venezuela-2023/source.yaml:${line("    country: mars")}:5 $.leaders["ebrahim-raisi"].country: unknown countries id "mars"`,
    );
  });

  it("exits 1 with a one-line reason when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const { port } = blocker.address() as { port: number };
    const proc = run({ PORT: String(port) });
    expect(await proc.exit).toBe(1);
    blocker.close();
    expect(
      proc
        .output()
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("newsfacts:")),
    ).toEqual([expect.stringMatching(/^newsfacts: cannot start: port already in use/)]);
  });

  it("exits 1 with a one-line reason when a limit is not a positive integer", async () => {
    const proc = run({ PORT: String(await freePort()), MAX_DEPTH: "deep", MAX_COST: "-5" });
    expect(await proc.exit).toBe(1);
    expect(proc.output().trim().split("\n")).toEqual([
      expect.stringMatching(/^newsfacts: cannot start: invalid environment: MAX_DEPTH: .*; MAX_COST: /),
    ]);
  });

  it("keeps serving after every request that once ended the process", async () => {
    const port = await freePort();
    const proc = run({ PORT: String(port) });
    await waitForHealth(port);
    const country = "Q291bnRyeTp2ZW5lenVlbGE=";
    const crashers = [
      `[{__typename: "Country"}, {__typename: "Nope"}]`,
      `[{__typename: "Country", id: "!!"}, {__typename: "Nope"}]`,
      `[{__typename: "Leader", id: "${country}"}, {}]`,
      `[{__typename: "Node", id: "${country}"}, {__typename: "Query"}, {__typename: "Country", id: "${country}"}]`,
    ].map((representations) => `{ _entities(representations: ${representations}) { __typename } }`);
    for (const query of crashers) {
      const post = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      expect(post.status).toBe(200);
      const body = (await post.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors.map((e) => e.extensions.code)).toContain("BAD_USER_INPUT");
      const get = await fetch(`http://127.0.0.1:${port}/graphql?query=${encodeURIComponent(query)}`, {
        headers: { "apollo-require-preflight": "1" },
      });
      expect(get.status).toBe(200);
    }
    // Rejections are settled on later ticks: give them time to surface, then ask again.
    await new Promise((r) => setTimeout(r, 300));
    expect(proc.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/health`)).ok).toBe(true);
    proc.child.kill("SIGTERM");
    expect(await proc.exit).toBe(0);
    // Client mistakes are logged as rejected, not as our errors.
    expect(proc.output()).not.toContain('"level":50');
  });

  it("keeps serving after an operation that leaves graphql-js with a rejection nobody awaits", async () => {
    // Found by the differential test: a null variable where a directive needs a Boolean fails one
    // item of a list while its siblings still run, and graphql-js leaves their rejections unawaited.
    const query = readFileSync(path.join(__dirname, "fuzz", "abandoned-rejection.graphql"), "utf8");
    const port = await freePort();
    const proc = run({ PORT: String(port) });
    await waitForHealth(port);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables: { v1: {}, v2: true, v3: null, v4: false }, operationName: "Q" }),
      });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(proc.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/health`)).ok).toBe(true);
    proc.child.kill("SIGTERM");
    expect(await proc.exit).toBe(0);
    expect(proc.output()).toContain("a rejection nobody awaited");
  });

  it("exits 1 naming PORT when it is set but empty, instead of taking a random port", async () => {
    const proc = run({ PORT: "" });
    expect(await proc.exit).toBe(1);
    expect(proc.output().trim().split("\n")).toEqual([
      expect.stringMatching(
        /^newsfacts: cannot start: invalid environment: PORT: must be a whole number from 0 to 65535 in plain decimal digits, got ""$/,
      ),
    ]);
  });

  it("exits 1 naming each number written in another form than plain decimal digits, in the settings table's order", async () => {
    const proc = run({ PORT: "0x1263", MAX_DEPTH: "1e3", CACHE_MAX_AGE: "300.0" });
    expect(await proc.exit).toBe(1);
    expect(proc.output().trim().split("\n")).toEqual([
      expect.stringMatching(
        /^newsfacts: cannot start: invalid environment: PORT: .*"0x1263"; CACHE_MAX_AGE: .*"300\.0"; MAX_DEPTH: .*"1e3"$/,
      ),
    ]);
  });

  it("drains in-flight requests on SIGTERM and exits 0", async () => {
    const port = await freePort();
    const proc = run({ PORT: String(port) });
    await waitForHealth(port);
    const body = JSON.stringify({ query: `{ countries { nodes { leaders { nodes { visits { nodes { hostCountry { name } } } } } } } }` });
    // One connection per request, so each outcome is this request's own.
    const send = () =>
      new Promise<string>((resolve) => {
        const req = request(
          { host: "127.0.0.1", port, path: "/graphql", method: "POST", agent: false, headers: { "content-type": "application/json" } },
          (res) => {
            let text = "";
            res.on("data", (d) => (text += d));
            res.on("end", () => {
              if (res.statusCode === 200) resolve(JSON.parse(text).data ? "200" : "200 without data");
              else resolve(String(res.statusCode));
            });
            res.on("error", () => resolve("cut off after headers"));
          },
        );
        req.on("error", () => resolve("not accepted"));
        req.end(body);
      });
    // Load: four clients in a loop until the server goes away.
    const outcomes: string[] = [];
    let stopped = false;
    const clients = Array.from({ length: 4 }, async () => {
      while (!stopped) {
        const outcome = await send();
        outcomes.push(outcome);
        if (outcome === "not accepted") return;
      }
    });
    // Signal once the server is demonstrably under load (a count, not a time: the machine may be slow).
    for (let i = 0; i < 600 && outcomes.filter((o) => o === "200").length < 20; i++) await new Promise((r) => setTimeout(r, 50));
    proc.child.kill("SIGTERM");
    const code = await proc.exit;
    stopped = true;
    await Promise.all(clients);
    expect(code).toBe(0);
    // Every request the server accepted got a whole answer (200, or 503 while closing); none was cut off.
    expect(outcomes.filter((o) => !["200", "503", "not accepted"].includes(o))).toEqual([]);
    expect(outcomes.filter((o) => o === "200").length).toBeGreaterThanOrEqual(20);
  });
});

/** The JSON log lines a server wrote. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** V8's heap_size_limit in MiB for a Node started with `flags`, as the server reports its own. */
function heapLimitMbUnder(flags: string[]): number {
  const out = spawnSync(process.execPath, [...flags, "-p", "Math.round(require('v8').getHeapStatistics().heap_size_limit / 2 ** 20)"], {
    encoding: "utf8",
  });
  return Number(out.stdout.trim());
}

describe("the heap cap", () => {
  it("is applied by npm start's command, from the HEAP_MB the build ran with, and logged at start", async () => {
    const built = Number(readFileSync(path.join(ROOT, "dist", "newsfacts.heap"), "utf8"));
    expect(built).toBe(Number(process.env.HEAP_MB ?? SETTINGS.heapMb.default));
    expect(built).toBeGreaterThan(0);
    const port = await freePort();
    const proc = run({ PORT: String(port) });
    await waitForHealth(port);
    proc.child.kill("SIGTERM");
    expect(await proc.exit).toBe(0);
    const serving = logLines(proc.output()).find((l) => String(l.msg).startsWith("newsfacts serving"));
    expect(serving).toMatchObject({ heapMb: built, heapLimitMb: heapLimitMbUnder([`--max-old-space-size=${built}`]) });
    // Far below what V8 takes for itself on this machine, uncapped.
    expect(serving!.heapLimitMb).toBeLessThan(heapLimitMbUnder([]));
    expect(proc.output()).not.toContain("HEAP_MB is");
  });

  it("is reported missing when the server is started without it", async () => {
    const port = await freePort();
    const proc = run({ PORT: String(port), HEAP_MB: "200" }, [path.join(ROOT, "dist", "main.js")]);
    await waitForHealth(port);
    proc.child.kill("SIGTERM");
    expect(await proc.exit).toBe(0);
    const warning = logLines(proc.output()).find((l) => l.level === 40);
    expect(warning).toMatchObject({
      heapMb: 200,
      msg: "HEAP_MB is 200 but this process runs with no heap cap: start it with node --max-old-space-size=200 (npm start does, from the HEAP_MB of its build)",
    });
  });
});

describe("the drain", () => {
  it("on SIGTERM writes 16 large answers in flight on kept-alive connections whole, closes idle connections, and exits 0", async () => {
    const port = await freePort();
    // The limits are not what is tested: about 10 MB an answer, whatever the cost model makes of it.
    // A drain timeout far past what a busy machine needs: wholeness is tested here, not the timeout.
    const proc = run({
      PORT: String(port),
      MAX_COST: "100000000",
      RATE_LIMIT_POINTS: "0",
      RESPONSE_CACHE_MB: "0",
      DRAIN_TIMEOUT_MS: "120000",
    });
    await waitForHealth(port);
    const body = await largeAnswerBody(port);
    const reference = await (
      await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body })
    ).text();
    expect(reference.length).toBeGreaterThan(8_000_000);
    expect(JSON.parse(reference).errors).toBeUndefined();

    // 16 kept-alive connections, each used once first, then each sent the large request.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const small = JSON.stringify({ query: "{ __typename }" });
    await Promise.all(Array.from({ length: 16 }, () => postUnread(agent, port, small).then(readAll)));
    const idle = new Agent({ keepAlive: true });
    await readAll(await postUnread(idle, port, small));
    const idleSocket = (Object.values(idle.freeSockets)[0] ?? [])[0]!;
    const idleClosed = new Promise<void>((resolve) => idleSocket.once("close", () => resolve()));

    // Nothing is read until after the signal: every answer is still being written when it comes.
    const responses = await Promise.all(Array.from({ length: 16 }, () => postUnread(agent, port, body)));
    proc.child.kill("SIGTERM");
    await idleClosed;
    await new Promise((r) => setTimeout(r, 1000));
    const bodies = await Promise.all(responses.map(readAll));
    expect(await proc.exit).toBe(0);
    agent.destroy();
    idle.destroy();

    expect(responses.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    expect(bodies.map((b) => (b === reference ? "whole" : b.slice(0, 80)))).toEqual(Array(16).fill("whole"));
    // Every answer was under way, headers sent as kept-alive, when the signal came.
    expect(responses.map((r) => r.headers.connection)).toEqual(Array(16).fill("keep-alive"));
    expect(logLines(proc.output()).map((l) => l.msg)).toContain("drained: every answer written, exiting");
  });

  it("turns not-ready on SIGTERM while it still accepts, says draining on /health, then stops accepting and exits 0", async () => {
    const port = await freePort();
    const proc = run({ PORT: String(port), DRAIN_DELAY_MS: "2000" });
    await waitForHealth(port);
    const get = async (pathname: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${pathname}`);
      return { status: res.status, body: await res.json(), cache: res.headers.get("cache-control") };
    };
    expect(await get("/ready")).toEqual({ status: 200, body: { status: "ready" }, cache: "no-store" });
    expect(await get("/health")).toEqual({ status: 200, body: { status: "ok" }, cache: "no-store" });

    proc.child.kill("SIGTERM");
    let ready = await get("/ready");
    for (let i = 0; i < 50 && ready.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      ready = await get("/ready");
    }
    // New connections are still accepted, and told the replica is leaving.
    expect(ready).toEqual({ status: 503, body: { status: "draining" }, cache: "no-store" });
    expect(await get("/health")).toEqual({ status: 200, body: { status: "draining" }, cache: "no-store" });
    const graphql = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(((await graphql.json()) as { data: unknown }).data).toEqual({ __typename: "Query" });

    expect(await proc.exit).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/ready`)).rejects.toThrow();
  });

  it("stops with npm start when npm is told to stop: the server is npm's own child, drains and is gone", async () => {
    const port = await freePort();
    // --ignore-scripts: not the build that prestart runs (the suite's pretest has built), only the start script.
    const proc = run({ PORT: String(port) }, ["start", "--ignore-scripts", "--silent"], "npm");
    await waitForHealth(port);
    const serverPid = Number(logLines(proc.output()).find((l) => String(l.msg).startsWith("newsfacts serving"))?.pid);
    expect(serverPid).toBeGreaterThan(0);
    proc.child.kill("SIGTERM");
    await proc.exit;
    const alive = () => {
      try {
        process.kill(serverPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
    expect(logLines(proc.output()).map((l) => l.msg)).toContain("drained: every answer written, exiting");
  });
});
