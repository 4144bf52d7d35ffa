/**
 * What `npm start` runs (a bundle of the build restored from a start-up snapshot, see
 * src/scripts/bundle.ts) answers byte for byte as the build it is made from (`node dist/main.js`,
 * which the rest of the suite tests in process): for generated operations over the whole schema,
 * the bench's queries, introspection, the subgraph SDL, the schema files, errors and the landing page.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildGraphSchema } from "../src/graph/schema";
import { DEFAULT_LIMITS } from "../src/request/limits";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUERIES } from "./bench/queries";
import { startArgv } from "../src/scripts/start-command";
import { OperationGenerator } from "./fuzz/operation-generator";
import { Harvest, seededRandom } from "./fuzz/query-generator";
import { freePort } from "./bench/procs";

const ROOT = path.resolve(__dirname, "..");
const OPERATIONS = 300;

interface Proc {
  child: ChildProcess;
  url: string;
}

async function start(argv: string[]): Promise<Proc> {
  const port = await freePort();
  // No rate limit: this test sends hundreds of requests as fast as it can.
  const env = { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", RATE_LIMIT_POINTS: "0" };
  const child = spawn(process.execPath, argv, { env, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`${argv.join(" ")} did not come up`);
}

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

/** Only what the two may not differ in: not `date`, the landing page's per-answer nonce or the port it names. */
async function ask(url: string, pathname: string, init: RequestInit, id: number): Promise<Answer> {
  const res = await fetch(`${url}${pathname}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), "x-request-id": `start-${id}` },
  });
  const headers = Object.fromEntries(
    ["content-type", "cache-control", "vary", "content-security-policy", "etag", "x-request-id"].map((h) => [h, res.headers.get(h)]),
  );
  const nonce = /nonce-[A-Za-z0-9+/=_-]+|nonce="[^"]*"/g;
  if (headers["content-security-policy"]) headers["content-security-policy"] = headers["content-security-policy"].replace(nonce, "nonce");
  return { status: res.status, headers, body: (await res.text()).replace(nonce, "nonce").replaceAll(new URL(url).host, "HOST") };
}

const post = (body: unknown, accept = "application/graphql-response+json"): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", accept },
  body: JSON.stringify(body),
});

let built: Proc;
let started: Proc;
beforeAll(async () => {
  [built, started] = await Promise.all([start([path.join(ROOT, "dist", "main.js")]), start(startArgv(ROOT))]);
}, 60_000);
afterAll(() => {
  for (const p of [built, started]) p?.child.kill("SIGTERM");
});

describe("npm start's artefact", () => {
  it("is not the build itself", () => {
    expect(startArgv(ROOT)).not.toContain(path.join(ROOT, "dist", "main.js"));
  });

  it("answers fixed requests as the build does: queries, introspection, SDL, schema files, errors, landing page", async () => {
    const requests: [string, RequestInit][] = [
      ...QUERIES.map((q) => ["/graphql", post({ query: q.query, variables: q.variables })] as [string, RequestInit]),
      ["/graphql", post({ query: getIntrospectionQuery() })],
      ["/graphql", post({ query: "{ _service { sdl } }" }, "application/json")],
      ["/graphql", post({ query: "{ nope }" })],
      ["/graphql", post({ query: "{" })],
      ["/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" }],
      ["/graphql?query=%7B__typename%7D", { method: "GET", headers: { accept: "application/json" } }],
      ["/graphql", { method: "GET", headers: { accept: "text/html" } }],
      ["/", { method: "GET", headers: { accept: "text/html" } }],
      ["/subgraph.graphql", { method: "GET" }],
      ["/client.graphql", { method: "GET" }],
      ["/schema.graphql", { method: "GET" }],
      ["/README.md", { method: "GET" }],
      ["/health", { method: "GET" }],
      ["/nowhere", { method: "GET" }],
    ];
    let id = 0;
    for (const [pathname, init] of requests) {
      id++;
      const [a, b] = await Promise.all([ask(built.url, pathname, init, id), ask(started.url, pathname, init, id)]);
      expect(b, `${init.method} ${pathname} ${String(init.body ?? "").slice(0, 80)}`).toEqual(a);
    }
  });

  it(`answers ${OPERATIONS} generated operations as the build does`, async () => {
    const harvest = new Harvest();
    const generator = new OperationGenerator(buildGraphSchema(), seededRandom(20261202), harvest, {
      maxDepth: DEFAULT_LIMITS.maxDepth - 1,
      maxAliases: DEFAULT_LIMITS.maxAliases - 3,
      maxDirectives: DEFAULT_LIMITS.maxDirectives - 10,
      entityCrashers: false,
    });
    let withData = 0;
    for (let i = 0; i < OPERATIONS; i++) {
      const op = generator.next();
      const init = post({ query: op.query, variables: op.variables, operationName: op.operationName });
      const [a, b] = await Promise.all([ask(built.url, "/graphql", init, 1000 + i), ask(started.url, "/graphql", init, 1000 + i)]);
      expect(b, `operation ${i}:\n${op.query}`).toEqual(a);
      const data = (JSON.parse(a.body) as { data?: unknown }).data;
      if (data) {
        withData++;
        harvest.add(data);
      }
    }
    // Most of them reach the resolvers, so the comparison covers data, not only refusals.
    expect(withData).toBeGreaterThan(OPERATIONS / 2);
  });
});

describe("npm start refuses to start, saying why", () => {
  /** What `npm start` runs, with `env` added; its exit code and what it wrote to stderr. */
  const refusal = (env: Record<string, string>) => {
    const run = spawnSync(process.execPath, startArgv(ROOT), {
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });
    return { status: run.status, stderr: run.stderr };
  };

  it("on a fixture that is not UTF-8, naming the file, the byte offset and 'not UTF-8', and nothing that only restates it", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-start-")), "fixtures");
    try {
      cpSync(path.join(ROOT, "fixtures"), dir, { recursive: true });
      // "Venezuéla" as Latin-1 writes it: one byte, E9.
      const file = path.join(dir, "sources", "raisi-venezuela-2023", "source.yaml");
      const utf8 = readFileSync(file);
      const at = utf8.indexOf("Venezuela") + "Venezu".length;
      writeFileSync(file, Buffer.concat([utf8.subarray(0, at), Buffer.from([0xe9]), utf8.subarray(at + 1)]));
      const { status, stderr } = refusal({ FIXTURES_DIR: dir });
      expect(status).toBe(1);
      expect(stderr).toMatch(
        new RegExp(
          `^newsfacts: cannot start: 1 fixture problem:\\n  fixtures/sources/raisi-venezuela-2023/source\\.yaml \\$: not UTF-8: byte 0xE9 at byte offset ${at} \\(line \\d+\\)`,
        ),
      );
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("on TRUST_PROXY=true, saying why and what to give instead", () => {
    const { status, stderr } = refusal({ TRUST_PROXY: "true" });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^newsfacts: cannot start: invalid environment: TRUST_PROXY: `true` trusts every X-Forwarded-For address/);
    expect(stderr).toMatch(/addresses or CIDRs .* or how many proxies stand in front/);
  });
});
