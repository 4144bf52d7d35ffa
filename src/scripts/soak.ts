/**
 * `npm run soak`: drives the built server, started as its own process on
 * loopback, with autocannon for a while, a mix of the README's queries
 * (schema/examples/*.graphql and the Sandbox's opening query), then prints
 * requests, errors, non-2xx, p50/p99 latency and the server's RSS.
 *
 * Exits 1 on any connection error, timeout, non-2xx response or GraphQL error,
 * or when the server's RSS grew more than 10% from the first quarter of the
 * run to the last (means of one sample a second).
 *
 *   npm run soak -- --duration 60 --connections 50 --warmup 5
 */
import autocannon from "autocannon";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { SANDBOX_DOCUMENT } from "../sandbox";

const ROOT = path.resolve(__dirname, "..", "..");
const MAX_RSS_GROWTH = 0.1;

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: process.env.SOAK_DURATION ?? "60" },
    connections: { type: "string", default: process.env.SOAK_CONNECTIONS ?? "50" },
    warmup: { type: "string", default: process.env.SOAK_WARMUP ?? "5" },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const warmup = Number(args.warmup);

/** The README's queries: every example operation, and the one Sandbox opens with. */
function queries(): { name: string; query: string }[] {
  const dir = path.join(ROOT, "schema", "examples");
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => ({ name: f, query: readFileSync(path.join(dir, f), "utf8") }));
  return [...examples, { name: "sandbox", query: SANDBOX_DOCUMENT }];
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Resident set size of a process, in MiB. */
function rssMiB(pid: number): number {
  const status = `/proc/${pid}/status`;
  const kib = existsSync(status)
    ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(status, "utf8"))?.[1])
    : Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim());
  return kib / 1024;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

async function main(): Promise<number> {
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(ROOT, "dist", "main.js")], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
  try {
    for (let i = 0; ; i++) {
      if (i === 100) throw new Error("the server did not come up");
      if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const mix = queries();
    let graphqlErrors = 0;
    const firstErrors: string[] = [];
    const requests = mix.map(({ query }) => ({
      method: "POST" as const,
      path: "/graphql",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query }),
      onResponse: (status: number, body: string) => {
        if (status === 200 && !body.includes('"errors"')) return;
        graphqlErrors++;
        if (firstErrors.length < 3) firstErrors.push(`${status} ${body.slice(0, 300)}`);
      },
    }));
    const run = (seconds: number) => autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests });

    if (warmup > 0) {
      console.log(`warming up for ${warmup} s (not measured)`);
      await run(warmup);
      graphqlErrors = 0;
    }
    const rssStart = rssMiB(server.pid!);
    const samples: { t: number; rss: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, rss: rssMiB(server.pid!) }), 1000);
    console.log(`soaking ${duration} s with ${connections} connections: ${mix.map((q) => q.name).join(", ")}`);
    const result = await run(duration);
    clearInterval(sampler);
    const rssEnd = rssMiB(server.pid!);

    const firstQuarter = mean(samples.filter((s) => s.t <= duration / 4).map((s) => s.rss));
    const lastQuarter = mean(samples.filter((s) => s.t >= (duration * 3) / 4).map((s) => s.rss));
    const growth = lastQuarter / firstQuarter - 1;
    const summary = {
      duration,
      connections,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      graphqlErrors,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      rssMiB: {
        start: Math.round(rssStart),
        end: Math.round(rssEnd),
        firstQuarterMean: Math.round(firstQuarter),
        lastQuarterMean: Math.round(lastQuarter),
        growthPercent: Math.round(growth * 1000) / 10,
      },
    };
    console.log(JSON.stringify(summary, null, 2));
    const failures = [
      result.errors > 0 && `${result.errors} connection errors (${result.timeouts} timeouts)`,
      result.non2xx > 0 && `${result.non2xx} non-2xx responses`,
      graphqlErrors > 0 && `${graphqlErrors} responses with GraphQL errors, e.g. ${firstErrors.join(" | ")}`,
      growth > MAX_RSS_GROWTH && `RSS grew ${summary.rssMiB.growthPercent}% from the first quarter to the last (limit ${MAX_RSS_GROWTH * 100}%)`,
    ].filter(Boolean);
    for (const f of failures) console.error(`soak: FAIL: ${f}`);
    if (!failures.length) console.log("soak: ok");
    return failures.length ? 1 : 0;
  } finally {
    server.kill("SIGTERM");
    await exited;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`soak: ${(err as Error).message}`);
    process.exit(1);
  },
);
