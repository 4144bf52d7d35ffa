/**
 * `npm run soak`: the server as `npm start` runs it (its start-up snapshot, under the heap cap of
 * the build), as its own process on 127.0.0.1, under normal traffic alone and then beside each
 * attack in turn, checked against bounds.
 *
 * - Normal traffic: the README's queries (schema/examples/*.graphql and the
 *   Sandbox's opening query) at a steady rate from a few connections, each
 *   request from the next of many clients (loopback addresses 127.0.1.x:
 *   tools/soak/soak-http.ts), measured on their own.
 * - Phases: first the normal traffic alone, then beside each attack, one at a
 *   time, each attack from a worker thread (tools/soak/soak-attacks.ts) and
 *   from addresses of its own: refused requests, a flood of distinct documents,
 *   a flood of distinct introspection documents, large `_entities` requests,
 *   and slow connections.
 * - Every 5 s it prints the server's RSS and where it is (V8's spaces, buffers,
 *   the rest), the normal traffic's rate and p99, and the attack's answered,
 *   refused and failed requests; at the end a table of the phases: the normal
 *   p99 alone and beside each attack, and the peak RSS, with the memory at each
 *   phase's peak and after a full collection at its end.
 * - Server and soak each on a core of its own, where `taskset` allows.
 *
 * Exits 1 when the server's RSS goes over the bound at any sample (one a
 * second), when the server dies, when the normal traffic's p99 is over its
 * bound in any phase, when its p99 beside the refused requests is over the
 * ratio bound times its p99 alone, or when any normal request fails; 2 on bad
 * arguments. A server whose RSS goes past the abort threshold is stopped at
 * once, to spare the machine. Options (docs/operations.md):
 *
 *   npm run soak -- [--quick] [--duration 60] [--warmup 5] [--connections 8] [--rate 200] [--clients 64]
 *                   [--p99 1000] [--p99-ratio 2] [--rss 300] [--abort-rss 1024]
 *                   [--attacks refused,flood,introspection,entities,slow|none] [--slow-sockets 2000]
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { SANDBOX_DOCUMENT } from "../../src/sandbox";
import { ATTACKS, type AttackMessage, type AttackName, type AttackPlan, type AttackStats } from "./soak-attacks";
import { clientAddresses, closeAgents, post } from "./soak-http";
import { type SoakOptions, soakOptions, UsageError } from "./soak-options";
import { COLLECT, type LiveSample, type MemorySample } from "./soak-probe";
import { startArgv } from "../../src/scripts/start-command";
import { canPin, LOAD_CORE, ROOT, SERVER_CORE } from "../processes";

const HOST = "127.0.0.1";
/** Seconds between progress lines. */
const REPORT_EVERY = 5;
/** Connections each attack keeps busy, each from a client address of its own (the slow sockets share 64). */
const ATTACK_CONNECTIONS: Record<AttackName, number> = { refused: 2, flood: 8, slow: 64, entities: 2, introspection: 2 };

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
/** The q-quantile of `xs` in ms, to a tenth: whole milliseconds would make a ratio of small latencies a ratio of roundings. */
function quantile(xs: number[], q: number): number {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! * 10) / 10;
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

interface Phase {
  name: string;
  /** The attack beside the normal traffic; none for the normal traffic alone. */
  attack: AttackName | null;
  normal: NormalTraffic;
  stats?: AttackStats;
  rssMax: number;
  heapMax: number;
  /** The server's own figures at the sample of its peak RSS. */
  atPeak?: MemorySample;
  /** Its figures after a full collection at the end of the phase: what it keeps. */
  live?: LiveSample;
}

/** Where a process's memory is, in MiB: V8's young and old generations, large objects, code, buffers, and what is outside V8's heap. */
function breakdown(m: MemorySample | LiveSample): string {
  const mib = (bytes = 0) => fmt(bytes / MiB);
  const s = m.spaces;
  const young = (s.new_space ?? 0) + (s.new_large_object_space ?? 0);
  const old = (s.old_space ?? 0) + (s.map_space ?? 0) + (s.trusted_space ?? 0);
  return (
    `young ${mib(young)}, old ${mib(old)}, large objects ${mib(s.large_object_space)}, code ${mib((s.code_space ?? 0) + (s.code_large_object_space ?? 0))} ` +
    `(heap ${mib(m.heapUsed)} used of ${mib(m.heapTotal)}), external ${mib(m.external)} (array buffers ${mib(m.arrayBuffers)}), ` +
    `outside V8's heap ${mib(m.rss - m.heapTotal)} MiB`
  );
}

/**
 * The soak and its server each on a core of their own when the machine allows (as `npm run bench`
 * does): the load generator's work then never counts as the server's latency. The soak runs itself
 * again under `taskset` for that; SOAK_PINNED says it has.
 */
const pinned = process.env.SOAK_PINNED === "1";

/** The server, as `npm start` runs it, with the soak's probe preloaded (soak-probe.ts); on its own core when the soak is pinned. */
function startServer(port: number) {
  const argv = ["-r", path.join(__dirname, "soak-probe.js"), ...startArgv(ROOT)];
  const [command, ...args] = pinned ? ["taskset", "-c", SERVER_CORE, process.execPath, ...argv] : [process.execPath, ...argv];
  // taskset executes node in its own place: the pid, the pipes and the IPC channel are the server's.
  return spawn(command!, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST, LOG_LEVEL: "warn", NODE_ENV: "production", SOAK_PROBE: "1" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
}

async function main(opts: SoakOptions): Promise<number> {
  const port = await freePort();
  const server = startServer(port);
  // Stopped by hand (Ctrl-C), the soak does not leave its server running.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      server.kill("SIGKILL");
      process.exit(130);
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
  const heap = { used: 0, total: 0, limit: 0, last: undefined as MemorySample | undefined };
  let onLive: ((m: LiveSample) => void) | undefined;
  /** The server's memory after a full collection (soak-probe.ts), or undefined when it does not answer in 10 s. */
  const collect = () =>
    new Promise<LiveSample | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 10_000);
      onLive = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
      if (!server.connected) resolve(undefined);
      else server.send(COLLECT, () => {});
    });
  server.on("message", (m: MemorySample | LiveSample) => {
    if (m?.type === "live") onLive?.(m);
    if (m?.type !== "memory") return;
    heap.used = m.heapUsed / MiB;
    heap.total = m.heapTotal / MiB;
    heap.limit = (m.heapLimit ?? 0) / MiB;
    heap.last = m;
  });

  const target = { host: HOST, port };
  let worker: Worker | undefined;
  let stopping = false;
  try {
    for (let i = 0; ; i++) {
      if (died) throw new Error(`the server did not start (${died})`);
      if (i === 200) throw new Error("the server did not come up in 20 s");
      if (
        await fetch(`http://${HOST}:${port}/ready`).then(
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

    const mix = queries();
    const bodies = mix.map(({ query }) => JSON.stringify({ query }));
    if (opts.warmup > 0) {
      console.log(`warming up for ${opts.warmup} s (normal traffic only, not measured)`);
      await normalTraffic(target, bodies, clients, opts, Date.now() + opts.warmup * 1000, () => died !== null).done;
    }
    const rssStart = rssMiB(server.pid!);
    console.log(
      `server: ${startArgv(ROOT).join(" ")} (heap limit ${fmt(heap.limit)} MiB), RSS ${fmt(rssStart)} MiB; ` +
        (pinned ? `server pinned to core ${SERVER_CORE}, the soak to core ${LOAD_CORE}; ` : "not pinned (no taskset or one core); ") +
        `normal traffic ${opts.rate} req/s on ${opts.connections} connections from ${fmt(clients.length)} clients (${mix.map((q) => q.name).join(", ")}); ` +
        `${opts.duration} s alone, then ${opts.duration} s beside each attack: ` +
        (opts.attacks
          .map((a) => `${a} (${ATTACKS[a]}, ${a === "slow" ? `${fmt(opts.slowSockets)} sockets` : `${ATTACK_CONNECTIONS[a]} connections`})`)
          .join(", ") || "none"),
    );

    let aborted: string | null = null;
    const phases: Phase[] = [];
    for (const attack of [null, ...opts.attacks]) {
      if (died || aborted) break;
      const name = attack ?? "alone";
      console.log(`\nphase ${name}: ${attack ? `normal traffic beside ${ATTACKS[attack]}` : "normal traffic alone"}, ${opts.duration} s`);
      const started = Date.now();
      const deadline = started + opts.duration * 1000;
      const phase: Phase = { name, attack, normal: undefined!, rssMax: 0, heapMax: 0 };
      phases.push(phase);

      // The attack, in its own thread.
      let attackStats: Partial<Record<AttackName, AttackStats>> = {};
      const attackDone = new Promise<void>((resolve) => {
        if (!attack) return resolve();
        const plan: AttackPlan = {
          host: HOST,
          port,
          addresses,
          deadline,
          attacks: [attack],
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

      let interval: number[] = [];
      const normal = normalTraffic(
        target,
        bodies,
        clients,
        opts,
        deadline,
        () => stopping || died !== null || aborted !== null,
        (ms) => interval.push(ms),
      );
      let lastReport = started;
      const sampler = setInterval(() => {
        const t = (Date.now() - started) / 1000;
        const rss = rssMiB(server.pid!);
        if (!died) {
          if (rss > phase.rssMax && heap.last) phase.atPeak = heap.last;
          phase.rssMax = Math.max(phase.rssMax, rss);
          phase.heapMax = Math.max(phase.heapMax, heap.used);
        }
        if (!aborted && rss > opts.abortRss) {
          aborted = `RSS ${fmt(rss)} MiB passed the abort threshold of ${opts.abortRss} MiB in phase ${name}: server stopped`;
          server.kill("SIGKILL");
        }
        if (Date.now() - lastReport >= REPORT_EVERY * 1000 - 100 || died) {
          const seconds = (Date.now() - lastReport) / 1000;
          lastReport = Date.now();
          console.log(
            `[${name} ${String(Math.round(t)).padStart(3)} s] server RSS ${fmt(rss)} MiB, heap ${fmt(heap.used)}/${fmt(heap.total)} MiB | ` +
              `normal: ${fmt(interval.length / seconds)} req/s, p50 ${quantile(interval, 0.5)} ms, p99 ${quantile(interval, 0.99)} ms, ${normal.run.failed} failed` +
              (died ? ` | SERVER DIED (${died})` : ""),
          );
          interval = [];
          if (heap.last) console.log(`        memory: ${breakdown(heap.last)}`);
          if (attack && attackStats[attack]) console.log(`        ${attackLine(attack, attackStats[attack]!)}`);
        }
      }, 1000);
      phase.normal = await normal.done;
      // The attack's requests in flight end (or time out) before the next phase begins.
      if (!died) await Promise.race([attackDone, exited]);
      clearInterval(sampler);
      await worker?.terminate();
      worker = undefined;
      if (attack) phase.stats = attackStats[attack];
      if (!died) phase.live = await collect();
    }

    // After the run: the server still answers a normal query.
    const after = died
      ? null
      : await ask(mix[0]!.query).then(
          ({ status, text }) => (status === 200 && !text.includes('"errors"') ? "answered" : `status ${status}: ${text.slice(0, 200)}`),
          (err: Error) => `failed: ${err.message}`,
        );
    const rssEnd = died ? 0 : rssMiB(server.pid!);
    const rssMax = Math.max(0, ...phases.map((p) => p.rssMax));
    const rssMaxIn = phases.find((p) => p.rssMax === rssMax)?.name ?? "-";

    // The summary.
    const alone = phases[0]!;
    const aloneP99 = quantile(alone.normal.latencies, 0.99);
    const ratioOf = (p: Phase) => quantile(p.normal.latencies, 0.99) / Math.max(1, aloneP99);
    console.log("\nsummary");
    console.log(
      "| phase | normal answered | normal p50 | normal p99 | p99 / alone | max | peak RSS | attack sent | answered | refused | failed |",
    );
    console.log("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|");
    for (const p of phases) {
      const n = p.normal;
      const s = p.stats;
      const attackCells = !p.attack
        ? "- | - | - | -"
        : !s
          ? "no figures | | |"
          : `${fmt(s.sent)} | ${p.attack === "slow" ? `${fmt(s.heldToEnd ?? s.inFlight)} of ${fmt(opts.slowSockets)} held` : fmt(s.answered)} | ${tally(s.refused)} | ${tally(s.failed)}`;
      console.log(
        `| ${p.name} | ${fmt(n.answered)} of ${fmt(n.sent)} (${fmt(n.answered / opts.duration)} req/s) | ${quantile(n.latencies, 0.5)} ms | ` +
          `${quantile(n.latencies, 0.99)} ms | ${p.attack ? `${round(ratioOf(p), 2)}x` : "1x"} | ${Math.round(n.latencies.reduce((a, b) => Math.max(a, b), 0))} ms | ` +
          `${fmt(p.rssMax)} MiB | ${attackCells} |`,
      );
    }
    console.log(
      `\nnormal p99 alone: ${aloneP99} ms` +
        phases
          .slice(1)
          .map((p) => `; beside ${p.name}: ${quantile(p.normal.latencies, 0.99)} ms (${round(ratioOf(p), 2)}x)`)
          .join("") +
        `\nserver: heap limit ${fmt(heap.limit)} MiB; RSS ${fmt(rssStart)} MiB at the start, peak ${fmt(rssMax)} MiB (in phase ${rssMaxIn}), ` +
        `${died ? "dead" : `${fmt(rssEnd)} MiB`} at the end; heap used at most ${fmt(Math.max(...phases.map((p) => p.heapMax)))} MiB; ` +
        `${died ? `died: ${died}` : `alive, a normal query after the run: ${after}`}` +
        (serverLines.hidden ? `; ${fmt(serverLines.hidden)} more server log lines not shown` : ""),
    );
    for (const p of phases) {
      if (p.atPeak) console.log(`memory at the peak of ${p.name} (${fmt(p.rssMax)} MiB): ${breakdown(p.atPeak)}`);
      if (p.live) console.log(`  after it, once collected (${fmt(p.live.rss / MiB)} MiB): ${breakdown(p.live)}`);
    }

    const failures: string[] = [];
    if (aborted) failures.push(aborted);
    if (died) failures.push(`the server died (${died})`);
    if (rssMax > opts.rssBound)
      failures.push(`server RSS peaked at ${fmt(rssMax)} MiB (phase ${rssMaxIn}), over the bound of ${opts.rssBound} MiB`);
    for (const p of phases) {
      const p99 = quantile(p.normal.latencies, 0.99);
      if (p99 > opts.p99Bound) failures.push(`normal traffic p99 ${p99} ms in phase ${p.name}, over the bound of ${opts.p99Bound} ms`);
      if (p.attack === "refused" && ratioOf(p) > opts.p99Ratio)
        failures.push(
          `normal traffic p99 beside refused requests ${p99} ms, ${round(ratioOf(p), 2)}x its ${aloneP99} ms alone, over ${opts.p99Ratio}x`,
        );
      if (p.normal.failed > 0)
        failures.push(`${fmt(p.normal.failed)} normal requests failed in phase ${p.name}, e.g. ${p.normal.failures.join(" | ")}`);
    }
    if (after !== null && after !== "answered") failures.push(`a normal query after the run: ${after}`);
    for (const f of failures) console.error(`soak: FAIL: ${f}`);
    if (!failures.length)
      console.log(
        `soak: ok (RSS within ${opts.rssBound} MiB, p99 within ${opts.p99Bound} ms and beside refused requests within ${opts.p99Ratio}x alone, no normal request failed, server alive)`,
      );
    return failures.length ? 1 : 0;
  } finally {
    stopping = true;
    await worker?.terminate();
    closeAgents();
    if (!died) server.kill("SIGTERM");
    const killer = setTimeout(() => server.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(killer);
  }
}

let parsed: SoakOptions;
try {
  parsed = soakOptions(process.argv.slice(2), process.env);
} catch (err) {
  console.error(`soak: ${(err as Error).message}`);
  process.exit(err instanceof UsageError ? 2 : 1);
}
if (!pinned && canPin()) {
  const child = spawnSync("taskset", ["-c", LOAD_CORE, process.execPath, __filename, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, SOAK_PINNED: "1" },
  });
  process.exit(child.status ?? 1);
}
main(parsed).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`soak: ${(err as Error).message}`);
    process.exit(1);
  },
);
