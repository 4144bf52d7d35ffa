/**
 * `npm run bench -- --instructions`: user-space instructions per request, counted by valgrind's
 * callgrind, of newsfacts with the response cache off and of the Mercurius and naive servers, on
 * each bench query. Requests per second on this shared machine move by half between identical
 * runs minutes apart; a count of 20,000 requests moves less (the same build, counted again: 1% to
 * 8%; counting 3,000, up to 10%), so a lever too small for the timed bench is told apart from noise
 * by counting the two builds in turn.
 * It leaves out the kernel's time (the socket writes, about a fifth of a small query's), which is
 * the same for every server, and counts a cache miss as one instruction.
 *
 * Each server runs under callgrind with counting off, is warmed up with WARM requests, then counts
 * COUNTED requests from 10 connections, one server at a time. The warm-up is long because V8's
 * compiler threads lag under valgrind: after 8,000 requests the snapshot `npm start` restores
 * still ran 18% more instructions than `node dist/main.js` on the page query, and after 30,000 the
 * two were level (1%). One at a time because counts are not free of the machine's load after all:
 * the same build counted beside two others ran 19% to 42% more instructions than alone.
 *
 * newsfacts is counted as `node dist/main.js`, the same code as the start-up snapshot `npm start`
 * restores: V8 refuses a snapshot made on a CPU whose features differ from the one it runs on, and
 * valgrind's virtual CPU hides some (AVX-512, on this machine). After the warm-up the two ran
 * within 1% of each other where both could be counted.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { startServer, type ServerSpec } from "./procs";
import { loadOf } from "./drive";
import { type BenchQuery, QUERIES } from "./queries";
import { answer, dataOf, FIXTURES, OUT, ROOT, SERVERS, type ServerKey } from "./servers";

const WARM = Number(process.env.BENCH_WARM ?? 30_000);
const COUNTED = Number(process.env.BENCH_COUNTED ?? 20_000);
const MEASURED: ServerKey[] = ["uncached", "mercurius", "naive"];

/** What is counted of a bench server: newsfacts' build instead of the snapshot of it (above), under the same heap caps. */
function countedSpec(key: ServerKey): ServerSpec {
  const spec: ServerSpec = SERVERS[key];
  const heapCap = spec.argv.filter((arg) => /^--max-(old|semi)-space-size=/.test(arg));
  return key === "uncached" ? { ...spec, argv: [...heapCap, path.join(ROOT, "dist", "main.js")] } : spec;
}

/** The instructions a callgrind output file counts (its `totals:` line; `summary:` is what was collected at dump time). */
export function totalsOf(text: string): number | null {
  const match = /^totals:\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

/** Whether valgrind's callgrind and its control script are on this machine. */
export function canCount(): boolean {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
    execFileSync("callgrind_control", ["-h"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function load(url: string, query: BenchQuery, amount: number): Promise<{ requests: number; failures: number }> {
  const result = await autocannon({ ...loadOf(url, query, { amount, connections: 10 }), timeout: 120 });
  return { requests: result.requests.total, failures: result.non2xx + result.errors + result.timeouts };
}

/** Instructions per request of one server (`label` names its output file) on one query. */
export async function count(label: string, spec: ServerSpec, query: BenchQuery, pin: boolean): Promise<number> {
  const out = path.join(OUT, `callgrind.${label}.${query.name}.out`);
  const clear = () => {
    for (const f of readdirSync(OUT)) if (f.startsWith(path.basename(out))) rmSync(path.join(OUT, f));
  };
  clear();
  // callgrind_control finds the process by a FIFO named after USER and HOST, which it reads from
  // its environment as valgrind did: the server's HOST (127.0.0.1) and a USER both can see.
  const env = { USER: process.env.USER || "bench", HOST: "127.0.0.1" };
  const wrapped = {
    ...spec,
    env: { ...spec.env, ...env },
    argv: [
      ...["--tool=callgrind", "--instr-atstart=no", "--smc-check=all-non-file", `--callgrind-out-file=${out}`],
      ...[process.execPath, ...spec.argv],
    ],
  };
  const s = await startServer(wrapped, FIXTURES, pin, { launcher: "valgrind", startTimeoutMs: 600_000 });
  const control = (...args: string[]) =>
    execFileSync("callgrind_control", [...args, String(s.child.pid)], { stdio: "ignore", env: { ...process.env, ...env } });
  try {
    dataOf(`${spec.name} (under callgrind)`, query, await answer(s.url, query));
    await load(s.url, query, WARM);
    control("-z");
    control("-i", "on");
    const counted = await load(s.url, query, COUNTED);
    control("-i", "off");
    control("-d");
    if (counted.failures > 0) throw new Error(`${spec.name} failed ${counted.failures} ${query.name} requests under callgrind`);
    // The dump is written when valgrind next schedules the process.
    const dumped = () =>
      readdirSync(OUT)
        .filter((f) => f.startsWith(path.basename(out)))
        .map((f) => totalsOf(readFileSync(path.join(OUT, f), "utf8")))
        .filter((n): n is number => n !== null);
    let totals = dumped();
    for (let i = 0; i < 300 && totals.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      totals = dumped();
    }
    if (totals.length === 0) throw new Error(`callgrind wrote no counts for ${spec.name}`);
    return totals.reduce((a, b) => a + b, 0) / counted.requests;
  } finally {
    s.child.kill("SIGKILL");
    await s.stop();
    clear();
  }
}

export async function runInstructions(pin: boolean, log: (line: string) => void): Promise<number> {
  if (!canCount()) {
    log("valgrind (callgrind) is not on this machine: apt-get install valgrind");
    return 1;
  }
  const counts = new Map<string, number>();
  for (const query of QUERIES) {
    for (const key of MEASURED) {
      const perRequest = await count(key, countedSpec(key), query, pin);
      counts.set(`${key} ${query.name}`, perRequest);
      log(`${query.name} ${SERVERS[key].name}: ${(perRequest / 1000).toFixed(1)}k instructions/request`);
    }
  }
  const k = (key: ServerKey, q: string) => counts.get(`${key} ${q}`)!;
  const rows = QUERIES.map((q) => {
    const ours = k("uncached", q.name);
    return `| ${q.name} | ${(ours / 1000).toFixed(0)}k | ${(k("mercurius", q.name) / 1000).toFixed(0)}k | ${(k("mercurius", q.name) / ours).toFixed(2)} | ${(k("naive", q.name) / 1000).toFixed(0)}k | ${(k("naive", q.name) / ours).toFixed(2)} |`;
  });
  const markdown = [
    `Instructions per request (callgrind, user space, ${COUNTED} requests after ${WARM} of warm-up), ${new Date().toISOString()}, ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}.`,
    "Ratios are of the peer's count to newsfacts' (above 1: newsfacts runs fewer).",
    "",
    "| query | newsfacts, cache off | Mercurius + jit | × Mercurius | naive | × naive |",
    "|---|--:|--:|--:|--:|--:|",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(path.join(OUT, "instructions.md"), markdown);
  process.stdout.write(markdown);
  return 0;
}
