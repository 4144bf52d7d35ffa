/**
 * `npm run soak`: the built server, started as its own process on 127.0.0.1,
 * under normal traffic and attacks at once, checked against bounds.
 *
 * - Normal traffic: the README's queries (schema/examples/*.graphql and the
 *   Sandbox's opening query) at a steady rate from a few connections, each
 *   request from the next of many clients (loopback addresses 127.0.1.x:
 *   src/scripts/soak-http.ts), measured on their own.
 * - Attacks, at the same time, from a worker thread (src/scripts/soak-attacks.ts),
 *   each from addresses of its own: a flood of distinct documents, slow
 *   connections, large `_entities` requests, and a flood of distinct
 *   introspection documents.
 * - Every 5 s it prints the server's RSS and heap, the normal traffic's rate
 *   and p99, and each attack's answered, refused and failed requests; at the
 *   end a summary table.
 *
 * Exits 1 when the server's RSS goes over the bound at any sample (one a
 * second), when the server dies, when the normal traffic's p99 is over its
 * bound, or when any normal request fails; 2 on bad arguments. A server
 * whose RSS goes past the abort threshold is stopped at once, to spare the
 * machine. Options (README: Load and soak):
 *
 *   npm run soak -- [--quick] [--duration 60] [--warmup 5] [--connections 8] [--rate 200] [--clients 64]
 *                   [--p99 250] [--rss 300] [--abort-rss 1024] [--max-old-space-size 256 (0: none)]
 *                   [--attacks flood,slow,entities,introspection|none] [--slow-sockets 2000]
 */
import { spawn } from "node:child_process";

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { SANDBOX_DOCUMENT } from "../sandbox";
import { ATTACKS, type AttackMessage, type AttackName, type AttackPlan, type AttackStats } from "./soak-attacks";

/** The heap cap the server runs under in the soak: the bound a deployment should set (README: Load and soak). */
const DEFAULT_HEAP_CAP_MB = 256;
import { clientAddresses, closeAgents, post } from "./soak-http";

const ROOT = path.resolve(__dirname, "..", "..");
const HOST = "127.0.0.1";
/** Seconds between progress lines. */
const REPORT_EVERY = 5;
/** Connections each attack keeps busy, each from a client address of its own (the slow sockets share 64). */
const ATTACK_CONNECTIONS: Record<AttackName, number> = { flood: 8, slow: 64, entities: 2, introspection: 2 };

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      duration: { type: "string", default: process.env.SOAK_DURATION },
      warmup: { type: "string", default: process.env.SOAK_WARMUP },
      connections: { type: "string", default: process.env.SOAK_CONNECTIONS ?? "8" },
      rate: { type: "string", default: "200" },
      clients: { type: "string", default: "64" },
      p99: { type: "string", default: "250" },
      rss: { type: "string", default: "300" },
      "abort-rss": { type: "string", default: "1024" },
      "max-old-space-size": { type: "string" },
      attacks: { type: "string", default: Object.keys(ATTACKS).join(",") },
      "slow-sockets": { type: "string", default: "2000" },
    },
  });
  const num = (name: string, value: string | undefined, fallback?: number): number => {
    const n = value === undefined ? fallback : Number(value);
    if (n === undefined || !Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number, got ${value}`);
    return n;
  };
  const attacks = values.attacks === "none" ? [] : values.attacks.split(",").map((a) => a.trim());
  for (const a of attacks)
    if (!(a in ATTACKS)) throw new UsageError(`--attacks: unknown attack "${a}" (known: ${Object.keys(ATTACKS).join(", ")}, or none)`);
  const heapCap = values["max-old-space-size"];
  return {
    duration: num("duration", values.duration, values.quick ? 15 : 60),
    warmup: num("warmup", values.warmup, values.quick ? 2 : 5),
    connections: Math.max(1, num("connections", values.connections)),
    rate: Math.max(1, num("rate", values.rate)),
    clients: Math.min(254 * 64, Math.max(1, Math.round(num("clients", values.clients)))),
    p99Bound: num("p99", values.p99),
    rssBound: num("rss", values.rss),
    abortRss: num("abort-rss", values["abort-rss"]),
    // The server runs under a 256 MB heap cap unless told otherwise (0: none). Without one, V8 grows its heap
    // lazily: one uncapped run held RSS at 386 MiB with 158 MiB of it live.
    heapCap: heapCap === undefined ? DEFAULT_HEAP_CAP_MB : num("max-old-space-size", heapCap) || undefined,
    attacks: attacks as AttackName[],
    slowSockets: num("slow-sockets", values["slow-sockets"]),
  };
}
class UsageError extends Error {}

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
  await new Promise<void>((resolve) => srv.listen(0, HOST, resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Resident set size of a process, in MiB (0 once it is gone). */
function rssMiB(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return 0;
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(status, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const MiB = 1024 * 1024;
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

/** The q-th quantile (0 to 1) of `xs` in whole milliseconds, nearest rank; 0 for none. */
function quantile(xs: number[], q: number): number {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
}

const tally = (t: Record<string, number>) =>
  Object.entries(t)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}: ${fmt(n)}`)
    .join(", ") || "none";
const total = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);

/** One attack on one line: answered, refused and failed so far. */
function attackLine(name: AttackName, s: AttackStats): string {
  if (name === "slow") {
    return `${name}: ${fmt(s.inFlight)} open, ${fmt(s.sent)} opened, ${fmt(total(s.refused))} closed by the server, ${fmt(total(s.failed))} failed`;
  }
  return `${name}: ${fmt(s.sent)} sent, ${fmt(s.answered)} answered, ${fmt(total(s.refused))} refused, ${fmt(total(s.failed))} failed`;
}

/** The server's stdout and stderr: the first lines shown, the rest counted. */
function relay(stream: NodeJS.ReadableStream, counter: { shown: number; hidden: number }) {
  createInterface({ input: stream }).on("line", (line) => {
    if (counter.shown < 10) {
      counter.shown++;
      console.log(`  server: ${line.slice(0, 300)}`);
    } else counter.hidden++;
  });
}

/** A request that gets no answer in this long fails (`timeout`). */
const NORMAL_TIMEOUT_MS = 10_000;

interface NormalTraffic {
  sent: number;
  answered: number;
  failed: number;
  /** The first few failures, for the report. */
  failures: string[];
  /** Milliseconds from sending each request to the end of its answer. */
  latencies: number[];
}

/**
 * The normal traffic: `connections` loops sending, together, `rate` requests a
 * second (each loop at its share, on a fixed schedule; a loop whose answer comes
 * late sends its next request at once), request n with body n of `bodies` from
 * client n of `clients`, until `until` or `stop()`. Its figures are live in `run`.
 */
function normalTraffic(
  target: { host: string; port: number },
  bodies: string[],
  clients: string[],
  opts: { rate: number; connections: number },
  until: number,
  stop: () => boolean,
  onAnswer: (ms: number) => void = () => {},
): { run: NormalTraffic; done: Promise<NormalTraffic> } {
  const run: NormalTraffic = { sent: 0, answered: 0, failed: 0, failures: [], latencies: [] };
  const every = (opts.connections / opts.rate) * 1000;
  const start = performance.now();
  const loop = async (k: number) => {
    for (let i = 0; Date.now() < until && !stop(); i++) {
      const wait = start + (i + k / opts.connections) * every - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (Date.now() >= until || stop()) return;
      const n = run.sent++;
      try {
        const answer = await post(target, "/graphql", bodies[n % bodies.length]!, clients[n % clients.length]!, NORMAL_TIMEOUT_MS);
        run.latencies.push(answer.ms);
        onAnswer(answer.ms);
        if (answer.status === 200 && !answer.text.includes('"errors"')) run.answered++;
        else {
          run.failed++;
          if (run.failures.length < 3) run.failures.push(`${answer.status} ${answer.text.slice(0, 300)}`);
        }
      } catch (err) {
        run.failed++;
        if (run.failures.length < 3)
          run.failures.push(
            (err as Error).name === "TimeoutError" ? "timeout" : ((err as NodeJS.ErrnoException).code ?? (err as Error).message),
          );
      }
    }
  };
  return { run, done: Promise.all(Array.from({ length: opts.connections }, (_, k) => loop(k))).then(() => run) };
}

async function main(): Promise<number> {
  const opts = options();
  const port = await freePort();
  const nodeArgs = [...(opts.heapCap ? [`--max-old-space-size=${opts.heapCap}`] : []), "-r", path.join(__dirname, "soak-probe.js")];
  const server = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "dist", "main.js")], {
    env: { ...process.env, PORT: String(port), HOST, LOG_LEVEL: "warn", NODE_ENV: "production", SOAK_PROBE: "1" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const serverLines = { shown: 0, hidden: 0 };
  relay(server.stdout!, serverLines);
  relay(server.stderr!, serverLines);
  let died: string | null = null;
  const exited = new Promise<void>((resolve) =>
    server.on("exit", (code, signal) => {
      died ??= `exit code ${code}${signal ? `, signal ${signal}` : ""}`;
      resolve();
    }),
  );
  const heap = { used: 0, max: 0, total: 0 };
  server.on("message", (m: { type?: string; heapUsed?: number; heapTotal?: number }) => {
    if (m?.type !== "memory") return;
    heap.used = m.heapUsed! / MiB;
    heap.total = m.heapTotal! / MiB;
    heap.max = Math.max(heap.max, heap.used);
  });

  const target = { host: HOST, port };
  let worker: Worker | undefined;
  let stopping = false;
  try {
    for (let i = 0; ; i++) {
      if (died) throw new Error(`the server did not start (${died})`);
      if (i === 200) throw new Error("the server did not come up in 20 s");
      if (
        await fetch(`http://${HOST}:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Normal clients on 127.0.1.x (one more for the soak's own checks), each attack on 127.<2+i>.x.y.
    const clients = await clientAddresses(1, opts.clients + 1, target);
    const checker = clients.length > 1 ? clients.pop()! : clients[0]!;
    // One client per attack connection; the slow sockets spread over 64 clients.
    const attackNames = Object.keys(ATTACKS) as AttackName[];
    const addresses = Object.fromEntries(
      await Promise.all(
        attackNames.map(async (name, i) => [name, await clientAddresses(2 + i, ATTACK_CONNECTIONS[name], target)] as const),
      ),
    ) as Record<AttackName, string[]>;
    if (clients.length === 1)
      console.log("note: this machine cannot bind loopback addresses other than 127.0.0.1: all traffic comes from one client");
    const ask = async (query: string) => {
      const { status, text } = await post(target, "/graphql", JSON.stringify({ query }), checker, NORMAL_TIMEOUT_MS);
      return { status, text };
    };
    const countries = await ask("{ countries(first: 100) { nodes { id } } }");
    const countryIds = (JSON.parse(countries.text) as { data: { countries: { nodes: { id: string }[] } } }).data.countries.nodes.map(
      (n) => n.id,
    );

    // Normal traffic: the README's queries, at a steady rate.
    const mix = queries();
    const bodies = mix.map(({ query }) => JSON.stringify({ query }));
    if (opts.warmup > 0) {
      console.log(`warming up for ${opts.warmup} s (normal traffic only, not measured)`);
      await normalTraffic(target, bodies, clients, opts, Date.now() + opts.warmup * 1000, () => died !== null).done;
    }

    const rssStart = rssMiB(server.pid!);
    const started = Date.now();
    const deadline = started + opts.duration * 1000;
    console.log(
      `soaking ${opts.duration} s: normal traffic ${opts.rate} req/s on ${opts.connections} connections from ${fmt(clients.length)} clients (${mix.map((q) => q.name).join(", ")}); ` +
        `attacks: ${opts.attacks.map((a) => `${a} (${ATTACKS[a]}, ${a === "slow" ? `${fmt(opts.slowSockets)} sockets` : `${ATTACK_CONNECTIONS[a]} connections`})`).join(", ") || "none"}; ` +
        `server ${opts.heapCap ? `--max-old-space-size=${opts.heapCap}` : "with no heap cap"}, RSS ${fmt(rssStart)} MiB`,
    );

    // The attacks, in their own thread.
    let attackStats: Partial<Record<AttackName, AttackStats>> = {};
    const attacksDone = new Promise<void>((resolve) => {
      if (!opts.attacks.length) return resolve();
      const plan: AttackPlan = {
        host: HOST,
        port,
        addresses,
        deadline,
        attacks: opts.attacks,
        countryIds,
        slowSockets: opts.slowSockets,
        maxPerAttack: 200_000,
      };
      worker = new Worker(path.join(__dirname, "soak-attacks.js"), { workerData: plan });
      worker.on("message", (m: AttackMessage) => {
        attackStats = m.stats;
        if (m.type === "done") resolve();
      });
      worker.on("error", (err) => {
        console.error(`soak: the attack worker failed: ${err.message}`);
        resolve();
      });
      worker.on("exit", () => resolve());
    });

    // Samples: RSS once a second (from /proc), and the normal traffic's latencies per report interval.
    const samples: { t: number; rss: number; heap: number }[] = [];
    let aborted: string | null = null;
    let interval: number[] = [];
    const normal = normalTraffic(
      target,
      bodies,
      clients,
      opts,
      deadline,
      () => stopping,
      (ms) => interval.push(ms),
    );
    let lastReport = started;
    const sampler = setInterval(() => {
      const t = (Date.now() - started) / 1000;
      const rss = rssMiB(server.pid!);
      if (!died) samples.push({ t, rss, heap: heap.used });
      if (!aborted && rss > opts.abortRss) {
        aborted = `RSS ${fmt(rss)} MiB passed the abort threshold of ${opts.abortRss} MiB at ${round(t)} s: server stopped`;
        server.kill("SIGKILL");
      }
      if (died || aborted) stopping = true;
      if (Date.now() - lastReport >= REPORT_EVERY * 1000 - 100 || died) {
        const seconds = (Date.now() - lastReport) / 1000;
        lastReport = Date.now();
        console.log(
          `[${String(Math.round(t)).padStart(3)} s] server RSS ${fmt(rss)} MiB, heap ${fmt(heap.used)}/${fmt(heap.total)} MiB | ` +
            `normal: ${fmt(interval.length / seconds)} req/s, p50 ${quantile(interval, 0.5)} ms, p99 ${quantile(interval, 0.99)} ms, ${normal.run.failed} failed` +
            (died ? ` | SERVER DIED (${died})` : ""),
        );
        interval = [];
        const lines = opts.attacks.filter((a) => attackStats[a]).map((a) => attackLine(a, attackStats[a]!));
        if (lines.length) console.log(`        ${lines.join(" | ")}`);
      }
    }, 1000);

    const result = await normal.done;
    if (!died) await Promise.race([attacksDone, exited]);
    clearInterval(sampler);
    await worker?.terminate();

    // After the run: the server still answers a normal query.
    const after = died
      ? null
      : await ask(mix[0]!.query).then(
          ({ status, text }) => (status === 200 && !text.includes('"errors"') ? "answered" : `status ${status}: ${text.slice(0, 200)}`),
          (err: Error) => `failed: ${err.message}`,
        );
    const rssEnd = died ? 0 : rssMiB(server.pid!);
    const rssMax = Math.max(0, ...samples.map((s) => s.rss));
    const rssMaxAt = samples.find((s) => s.rss === rssMax)?.t ?? 0;

    // The summary.
    const p50 = quantile(result.latencies, 0.5);
    const p99 = quantile(result.latencies, 0.99);
    const max = Math.round(result.latencies.reduce((a, b) => Math.max(a, b), 0));
    console.log("\nsummary");
    console.log("| traffic | sent | answered | refused | failed | notes |");
    console.log("|---|--:|--:|---|---|---|");
    console.log(
      `| normal (${opts.rate} req/s asked) | ${fmt(result.sent)} | ${fmt(result.answered)} | - | ${fmt(result.failed)} | ` +
        `${fmt(result.answered / opts.duration)} req/s answered, p50 ${p50} ms, p99 ${p99} ms, max ${max} ms |`,
    );
    for (const name of opts.attacks) {
      const s = attackStats[name];
      if (!s) continue;
      const notes =
        name === "slow" ? `${fmt(s.heldToEnd ?? s.inFlight)} of ${fmt(opts.slowSockets)} sockets held open to the end` : ATTACKS[name];
      console.log(
        `| ${name} | ${fmt(s.sent)} | ${name === "slow" ? "-" : fmt(s.answered)} | ${tally(s.refused)} | ${tally(s.failed)} | ${notes} |`,
      );
    }
    console.log(
      `\nserver: RSS ${fmt(rssStart)} MiB at the start, max ${fmt(rssMax)} MiB (at ${round(rssMaxAt)} s), ${died ? "dead" : `${fmt(rssEnd)} MiB`} at the end; ` +
        `heap used max ${fmt(heap.max)} MiB; ${died ? `died: ${died}` : `alive, a normal query after the run: ${after}`}` +
        (serverLines.hidden ? `; ${fmt(serverLines.hidden)} more server log lines not shown` : ""),
    );

    const failures = [
      aborted,
      died && `the server died (${died})`,
      rssMax > opts.rssBound && `server RSS ${fmt(rssMax)} MiB over the bound of ${opts.rssBound} MiB (at ${round(rssMaxAt)} s)`,
      p99 > opts.p99Bound && `normal traffic p99 ${p99} ms over the bound of ${opts.p99Bound} ms`,
      result.failed > 0 && `${fmt(result.failed)} normal requests failed, e.g. ${result.failures.join(" | ")}`,
      after !== null && after !== "answered" && `a normal query after the run: ${after}`,
    ].filter((f): f is string => typeof f === "string");
    for (const f of failures) console.error(`soak: FAIL: ${f}`);
    if (!failures.length)
      console.log(`soak: ok (RSS within ${opts.rssBound} MiB, p99 within ${opts.p99Bound} ms, no normal request failed, server alive)`);
    return failures.length ? 1 : 0;
  } finally {
    stopping = true;
    await worker?.terminate();
    closeAgents();
    if (!died) server.kill("SIGTERM");
    const killer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`soak: ${(err as Error).message}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
