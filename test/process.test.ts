/** The built server as a process: start-up failures exit 1 with one line; SIGTERM drains and exits 0. */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startArgv } from "./bench/start";
import { FIXTURES } from "./helpers";
import { freePort } from "./bench/procs";

/** What `npm start` runs (after `npm run build`, which the suite's pretest runs). */
const START = startArgv(path.resolve(__dirname, ".."));
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, START, { env: { ...process.env, LOG_LEVEL: "info", HOST: "127.0.0.1", ...env } });
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
    writeFileSync(
      path.join(dir, "leaders.json"),
      JSON.stringify([
        { id: "x", name: "X", role: "R", country: "mars", current: true, citations: [] },
        {
          id: "ebrahim-raisi",
          name: "Ebrahim Raisi",
          role: "President",
          country: "mars",
          current: true,
          citations: [{ source: "raisi-venezuela-2023", sentence: 1, quote: "Raisi" }],
        },
      ]),
    );
    const proc = run({ FIXTURES_DIR: dir, PORT: String(await freePort()) });
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toContain("newsfacts: cannot start:");
    expect(proc.output()).toContain("fixtures/leaders.json $[0].citations: every fact needs at least one citation");
    expect(proc.output()).toContain('fixtures/leaders.json $[1].country: unknown countries id "mars"');
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
