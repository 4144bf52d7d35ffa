/**
 * `npm run bench`: newsfacts against its peers, the raw ceiling, and itself
 * at 10x, 100x and 1000x the facts against 1x. One run starts every server, checks they
 * all give byte-identical `data` for each query (exit 1 otherwise), drives
 * each with autocannon (interleaved, repeated), and prints the tables.
 *
 *   --quick   shorter samples, one round, sizes up to 100x (about 2 minutes; the full plan about 12)
 *   --report  also writes the tables as a dated report, docs/bench/<date>-<cpu>.md, and points
 *             docs/performance.md's link to the latest run at it
 *   --profile instead of the tables, CPU profiles of newsfacts (as served and cache off) under load
 *             on each query, into .bench/profiles/, and the top functions by self-time per request
 *   --pieces  instead of the tables, what each piece of the speed path buys: the server with each
 *             piece on and off against Mercurius in paired slices, and the piece's lines (pieces.ts)
 *   --scale   only the scale stage: newsfacts (cache off) at each size of the synthetic fixtures,
 *             up to 100x with --quick and 1000x without, its table and its targets
 *   --instructions  instead of the tables, instructions per request of newsfacts (cache off), Mercurius
 *             and naive on each query, counted by valgrind's callgrind (test/bench/instructions.ts):
 *             steadier than req/s on a shared machine (about 30 minutes)
 *
 * Servers run pinned to core 0 and this process (the load generator) to core 1
 * when `taskset` exists. Absolute numbers drift on a shared machine: compare
 * the ratios, which come from one run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { combine, drive, type Sample } from "./drive";
import { loadFacts } from "../../src/facts/load";
import { generateFixtures } from "./fixtures";
import { runInstructions } from "./instructions";
import { PIECES, type PieceRow, linesOf, renderPieces, ROOM, settingsKey } from "./pieces";
import { canPin, cpuMs, LOAD_CORE, rssMb, startServer, type Running, type ServerSpec } from "./procs";
import { bodyOf, NESTED, QUERIES, TYPENAME, type BenchQuery } from "./queries";
import { answer, dataOf, FIXTURES, OUT, ROOT, SERVERS, type ServerKey } from "./servers";

const flags = new Set(process.argv.slice(2));
const QUICK = flags.has("--quick");
const PLAN = QUICK
  ? { warmup: 1, seconds: 2, rounds: 1, scaleSeconds: 1, scalePairs: 4, sizes: [1, 10, 100], startups: 3, pairs: 4, pairSeconds: 1 }
  : {
      warmup: 3,
      seconds: 4,
      rounds: 3,
      scaleSeconds: 1.5,
      scalePairs: 6,
      sizes: [1, 10, 100, 1000],
      startups: 5,
      pairs: 12,
      pairSeconds: 1.5,
    };

import { clearProfiles, readProfile, renderTop, topFunctions } from "./profile";
import { median, type PairedRow, renderReport, renderScale, type Report, type ScaleRow, scaleTargets } from "./report";

/** Servers of the main table, and which of them are peers. */
const MAIN: ServerKey[] = ["ceiling", "newsfacts", "uncached", "naive", "apollo", "mercurius"];
export const PEERS: ServerKey[] = ["apollo", "mercurius"];

interface Cell {
  server: ServerKey;
  query: BenchQuery;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at byte ${i}: ...${a.slice(Math.max(0, i - 60), i + 60)}... vs ...${b.slice(Math.max(0, i - 60), i + 60)}...`;
}

function machine(pinned: boolean) {
  return {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    pinned,
    loadavg: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
    plan: QUICK ? "quick" : "full",
  };
}

async function main(): Promise<number> {
  for (const file of SERVERS.newsfacts.argv.filter((arg) => !arg.startsWith("-")))
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm run bench does)`);
  mkdirSync(OUT, { recursive: true });
  // Set by the re-exec below: this process is on core 1 and servers go to core 0.
  const pin = process.env.BENCH_PINNED === "1";
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  log(
    `plan ${JSON.stringify(PLAN)}; servers ${pin ? `pinned to core 0, load generator to core ${LOAD_CORE}` : "not pinned (no taskset or one core)"}`,
  );

  // The ceiling answers each request body with what newsfacts answered. This first start is not
  // counted: it also brings every server's files into the page cache for the starts that are.
  const first = await startServer(SERVERS.newsfacts, FIXTURES, pin);
  try {
    const answers = [];
    for (const q of [...QUERIES, TYPENAME]) {
      const a = await answer(first.url, q);
      dataOf(SERVERS.newsfacts.name, q, a);
      answers.push({ body: bodyOf(q), response: a.text });
    }
    writeFileSync(path.join(OUT, "answers.json"), JSON.stringify(answers));
  } finally {
    await first.stop();
  }

  const running = new Map<ServerKey, Running>();
  // Start-up to first answer: every server PLAN.startups times, interleaved, the median kept. The
  // last round's servers stay up for the load.
  const starts = new Map<ServerKey, number[]>((Object.keys(SERVERS) as ServerKey[]).map((key) => [key, []]));
  try {
    for (let round = 0; round < PLAN.startups; round++) {
      for (const key of Object.keys(SERVERS) as ServerKey[]) {
        const s = await startServer(SERVERS[key], FIXTURES, pin);
        starts.get(key)!.push(s.startupMs);
        if (round < PLAN.startups - 1) await s.stop();
        else running.set(key, s);
      }
    }
    const startups = new Map([...starts].map(([key, all]) => [key, median(all)] as const));
    for (const [key, all] of starts)
      log(
        `${SERVERS[key].name}: first answer after ${startups.get(key)!.toFixed(0)} ms (median of ${all.map((t) => t.toFixed(0)).join(", ")})`,
      );
    const reference = running.get("newsfacts")!;

    // Every server, every query: the same bytes of `data`, or no bench at all.
    let differ = false;
    for (const q of [...QUERIES, TYPENAME]) {
      const expected = dataOf(SERVERS.newsfacts.name, q, await answer(reference.url, q));
      for (const [key, s] of running) {
        const got = dataOf(SERVERS[key].name, q, await answer(s.url, q));
        if (got !== expected) {
          differ = true;
          log(`DATA DIFFER: ${SERVERS[key].name} on ${q.name} ${firstDifference(got, expected)}`);
        }
      }
    }
    if (differ) return 1;
    log("every server returns byte-identical data for every query");

    const cells: Cell[] = [
      ...QUERIES.flatMap((query) => MAIN.map((server) => ({ server, query }))),
      { server: "apollo", query: TYPENAME },
      { server: "apolloExpress", query: TYPENAME },
      { server: "apolloExpress", query: NESTED },
    ];
    const samples = new Map<Cell, Sample[]>(cells.map((c) => [c, []]));
    for (let round = 0; round < PLAN.rounds; round++) {
      // Interleaved: every cell once per round, in a rotated order each round.
      const order = cells.map((_, i) => cells[(i + round * Math.ceil(cells.length / PLAN.rounds)) % cells.length]!);
      for (const cell of order) {
        const sample = await alone(running, cell.server, async (s) => {
          if (round === 0) await drive(s.url, cell.query, PLAN.warmup);
          return drive(s.url, cell.query, PLAN.seconds);
        });
        samples.get(cell)!.push(sample);
        log(
          `round ${round + 1}/${PLAN.rounds} ${cell.query.name} ${SERVERS[cell.server].name}: ${sample.rps.toFixed(0)} req/s, p99 ${sample.p99} ms`,
        );
      }
    }
    const results = cells.map((c) => ({ server: c.server, query: c.query.name, ...combine(samples.get(c)!) }));
    const paired: PairedRow[] = [];
    for (const query of QUERIES) {
      const { ratios, rps } = await pairedRatios(running, "uncached", "mercurius", query);
      const row = { query: query.name, server: "uncached", against: "mercurius", ratios, rps };
      paired.push(row);
      log(
        `paired ${query.name}: uncached / Mercurius ${row.ratios.map((r) => r.toFixed(2)).join(", ")}; median ${median(row.ratios).toFixed(2)}`,
      );
    }
    const rss = Object.fromEntries([...running].map(([key, s]) => [key, rssMb(s.child.pid!)]));
    await Promise.all([...running.values()].map((s) => s.stop()));
    running.clear();

    const scale = await runScale(pin, log);

    const report: Report = {
      machine: machine(pin),
      servers: Object.fromEntries(Object.entries(SERVERS).map(([k, v]) => [k, v.name])),
      main: MAIN,
      peers: PEERS,
      queries: QUERIES.map((q) => ({ name: q.name, description: q.description })),
      results,
      startups: Object.fromEntries(startups),
      startupSamples: Object.fromEntries(starts),
      rss,
      scale,
      paired,
    };
    writeFileSync(path.join(OUT, "last-run.json"), JSON.stringify(report, null, 2));
    const markdown = renderReport(report);
    writeFileSync(path.join(OUT, "last-run.md"), markdown);
    process.stdout.write(markdown);
    if (flags.has("--report")) log(`report written to ${writeReport(markdown, report.machine)}`);
    const failures = results.filter((r) => r.failures > 0);
    for (const f of failures) log(`FAILED REQUESTS: ${f.failures} on ${f.query} ${SERVERS[f.server].name}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await Promise.all([...running.values()].map((s) => s.stop()));
  }
}

/** Runs `measure` on one server while every other sleeps (SIGSTOP): no timer or late GC of theirs on its core. */
async function alone<K, T>(running: Map<K, Running>, key: K, measure: (s: Running) => Promise<T>): Promise<T> {
  const s = running.get(key)!;
  const others = [...running.values()].filter((o) => o !== s);
  for (const o of others) o.child.kill("SIGSTOP");
  try {
    return await measure(s);
  } finally {
    for (const o of others) o.child.kill("SIGCONT");
  }
}

/**
 * The throughput of `a` over `b` on `query`, measured in pairs of short slices back to back, the
 * order alternating (ab, ba, ab, ...): the machine's speed moves over seconds, and within a pair
 * both servers meet nearly the same machine. Each pair's ratio is kept; the report takes their median.
 * Each slice also reads the server's CPU time, per request served (NaN where /proc is missing).
 */
async function pairedRatios<K>(
  running: Map<K, Running>,
  a: K,
  b: K,
  query: BenchQuery,
  { pairs = PLAN.pairs, seconds = PLAN.pairSeconds } = {},
): Promise<{ ratios: number[]; rps: [number, number][]; cpuUs: [number, number][] }> {
  // One slice each first, not counted: whatever the last query left (JIT, caches) is gone before the pairs.
  for (const key of [a, b]) await alone(running, key, (s) => drive(s.url, query, seconds));
  const ratios: number[] = [];
  const rps: [number, number][] = [];
  const cpuUs: [number, number][] = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? [a, b] : [b, a];
    const got = new Map<K, { sample: Sample; cpuUs: number }>();
    for (const key of order)
      got.set(
        key,
        await alone(running, key, async (s) => {
          const before = cpuMs(s.child.pid!);
          const sample = await drive(s.url, query, seconds);
          return { sample, cpuUs: ((cpuMs(s.child.pid!) - before) * 1000) / sample.requests };
        }),
      );
    const [sa, sb] = [got.get(a)!, got.get(b)!];
    if (sa.sample.failures > 0 || sb.sample.failures > 0) throw new Error(`failed requests in a paired slice of ${query.name}`);
    ratios.push(sa.sample.rps / sb.sample.rps);
    rps.push([sa.sample.rps, sb.sample.rps]);
    cpuUs.push([sa.cpuUs, sb.cpuUs]);
  }
  return { ratios, rps, cpuUs };
}

/**
 * --pieces: newsfacts with each piece of the speed path on and off (pieces.ts), and the app without
 * it, each against Mercurius in paired slices, the servers started once and kept up throughout.
 */
async function runPieces(pin: boolean, log: (line: string) => void): Promise<number> {
  const served = SERVERS.newsfacts;
  const specs = new Map<string, ServerSpec>();
  const keyOf = (env: Readonly<Record<string, string>>): string => {
    const key = settingsKey(env);
    const shown = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    if (!specs.has(key))
      specs.set(key, { name: `newsfacts ${shown.join(" ") || "(as served)"}`, argv: served.argv, env: { ...served.env, ...env } });
    return key;
  };
  const pieces = [
    ...PIECES.map((p) => ({ name: p.name, lines: linesOf(ROOT, p.files), on: keyOf(p.on), off: keyOf(p.off) })),
    {
      name: "the whole room",
      lines: linesOf(
        ROOT,
        readdirSync(path.join(ROOT, ROOM)).map((f) => `${ROOM}/${f}`),
      ),
      on: keyOf({}),
      off: "naive",
    },
  ];
  specs.set("naive", SERVERS.naive);
  specs.set("mercurius", SERVERS.mercurius);
  const running = new Map<string, Running>();
  try {
    for (const [key, spec] of specs) running.set(key, await startServer(spec, FIXTURES, pin));
    // Every server, every query: the same bytes of `data`, or nothing to compare.
    for (const q of QUERIES) {
      const expected = dataOf(served.name, q, await answer(running.get(keyOf({}))!.url, q));
      for (const [key, s] of running) {
        const got = dataOf(specs.get(key)!.name, q, await answer(s.url, q));
        if (got !== expected) throw new Error(`${specs.get(key)!.name} answers ${q.name} otherwise: ${firstDifference(got, expected)}`);
      }
    }
    // Each server against the peer once per query, whichever pieces it serves as on or off.
    const measured = new Map<string, number[]>();
    const overPeer = async (key: string, query: BenchQuery): Promise<number[]> => {
      const id = `${key} ${query.name}`;
      if (!measured.has(id)) {
        const { ratios } = await pairedRatios(running, key, "mercurius", query);
        measured.set(id, ratios);
        log(
          `${specs.get(key)!.name} / Mercurius on ${query.name}: median ${median(ratios).toFixed(2)} of ${ratios.map((r) => r.toFixed(2)).join(", ")}`,
        );
      }
      return measured.get(id)!;
    };
    const rows: PieceRow[] = [];
    for (const piece of pieces)
      for (const query of QUERIES)
        rows.push({
          piece: piece.name,
          lines: piece.lines,
          query: query.name,
          on: await overPeer(piece.on, query),
          off: await overPeer(piece.off, query),
        });
    const markdown = renderPieces(rows, SERVERS.mercurius.name);
    writeFileSync(path.join(OUT, "pieces.md"), markdown);
    process.stdout.write(markdown);
    return 0;
  } finally {
    await Promise.all([...running.values()].map((s) => s.stop()));
  }
}

/** --profile: each newsfacts server under load on each query, one process (and profile) per pair. */
async function runProfiles(pin: boolean, log: (line: string) => void): Promise<number> {
  const dir = path.join(OUT, "profiles");
  mkdirSync(dir, { recursive: true });
  clearProfiles(dir);
  const out: string[] = [];
  for (const key of ["newsfacts", "uncached"] as const) {
    for (const q of QUERIES) {
      const name = `${key}-${q.name}`;
      const spec = SERVERS[key];
      const profiled = { ...spec, argv: ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-name", `${name}.cpuprofile`, ...spec.argv] };
      const s = await startServer(profiled, FIXTURES, pin);
      let sample: Sample;
      let window: [number, number];
      try {
        dataOf(`${spec.name} (profiled)`, q, await answer(s.url, q));
        await drive(s.url, q, PLAN.warmup);
        // The profile's timestamps are microseconds of the monotonic clock process.hrtime reads.
        const from = Number(process.hrtime.bigint() / 1000n);
        sample = await drive(s.url, q, PLAN.seconds * 2);
        window = [from, Number(process.hrtime.bigint() / 1000n)];
      } finally {
        await s.stop();
      }
      const top = topFunctions(readProfile(dir, name), window[0], window[1], sample.requests);
      const text = renderTop(`${spec.name}, ${q.name} (${sample.rps.toFixed(0)} req/s profiled)`, sample.requests, top);
      out.push(text);
      log(`profiled ${name}: ${path.join(dir, `${name}.cpuprofile`)}`);
    }
  }
  const markdown = out.join("\n");
  writeFileSync(path.join(dir, "top.md"), markdown);
  process.stdout.write(markdown);
  return 0;
}

/**
 * newsfacts (cache off) at each size of the synthetic fixtures: start-up, RSS, and each query's
 * throughput against the 1x server's. Every size is measured the same way and at the same time:
 * the starts interleaved across sizes, every server up at once, and each larger size against 1x
 * in paired slices (pairedRatios), so a ratio is not the machine's drift between two moments
 * minutes apart, nor one server's first seconds after start-up against another's later ones.
 */
async function runScale(pin: boolean, log: (line: string) => void): Promise<ScaleRow[]> {
  const sizes = PLAN.sizes.map((factor) =>
    factor === 1
      ? { factor, dir: FIXTURES, counts: loadFacts(FIXTURES).counts() }
      : generateFixtures(FIXTURES, path.join(OUT, "fixtures", `${factor}x`), factor),
  );
  const starts = new Map<number, number[]>(sizes.map(({ factor }) => [factor, []]));
  const running = new Map<number, Running>();
  try {
    // Start-up: each size PLAN.startups times, interleaved; the last round's servers stay up.
    for (let round = 0; round < PLAN.startups; round++) {
      for (const { factor, dir } of sizes) {
        const s = await startServer(SERVERS.uncached, dir, pin);
        starts.get(factor)!.push(s.startupMs);
        if (round < PLAN.startups - 1) await s.stop();
        else running.set(factor, s);
      }
    }
    const base = sizes[0]!.factor;
    const measured = new Map<number, ScaleRow["queries"]>(sizes.map(({ factor }) => [factor, {}]));
    for (const q of QUERIES) {
      const bytes = new Map<number, number>();
      for (const [factor, s] of running) {
        const a = await answer(s.url, q);
        dataOf(`newsfacts at ${factor}x`, q, a);
        bytes.set(factor, Buffer.byteLength(a.text));
      }
      const baseSlices: { rps: number; cpuUs: number }[] = [];
      for (const { factor } of sizes.slice(1)) {
        const { ratios, rps, cpuUs } = await pairedRatios(running, factor, base, q, { pairs: PLAN.scalePairs, seconds: PLAN.scaleSeconds });
        baseSlices.push(...rps.map(([, r], i) => ({ rps: r, cpuUs: cpuUs[i]![1] })));
        measured.get(factor)![q.name] = {
          rps: median(rps.map(([r]) => r)),
          cpuUs: median(cpuUs.map(([c]) => c)),
          ratio: median(ratios),
          ratios,
          bytes: bytes.get(factor)!,
        };
        log(`scale ${q.name} ${factor}x / ${base}x: median ${median(ratios).toFixed(2)} of ${ratios.map((r) => r.toFixed(2)).join(", ")}`);
      }
      measured.get(base)![q.name] = {
        rps: median(baseSlices.map((x) => x.rps)),
        cpuUs: median(baseSlices.map((x) => x.cpuUs)),
        ratio: 1,
        ratios: [],
        bytes: bytes.get(base)!,
      };
    }
    return sizes.map(({ factor, counts }) => ({
      factor,
      records: Object.values(counts).reduce((a, b) => a + b, 0),
      startupMs: median(starts.get(factor)!),
      rss: rssMb(running.get(factor)!.child.pid!),
      queries: measured.get(factor)!,
    }));
  } finally {
    await Promise.all([...running.values()].map((s) => s.stop()));
  }
}

/** --scale: the scale stage alone, its table and targets printed and kept in .bench/scale.md (a failed request throws). */
async function runScaleOnly(pin: boolean, log: (line: string) => void): Promise<number> {
  mkdirSync(OUT, { recursive: true });
  const scale = await runScale(pin, log);
  const markdown = `${[...renderScale(scale), ...scaleTargets(scale)].join("\n")}\n`;
  writeFileSync(path.join(OUT, "scale.md"), markdown);
  process.stdout.write(markdown);
  return 0;
}

const LATEST = /(<!-- bench:latest -->)[\s\S]*?(<!-- \/bench:latest -->)/;
/** Writes a run's tables to a report of their own and links docs/performance.md to it; returns the report's path. */
function writeReport(markdown: string, run: { date: string; cpu: string }): string {
  const cpu = run.cpu
    .toLowerCase()
    .replace(/\(r\)|\(tm\)|processor|\bcpu\b|@.*$/g, "")
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .join("-");
  const name = `${run.date.slice(0, 16).replace(/[-:]/g, "").replace("T", "-")}-${cpu.replace(/[^a-z0-9-]/g, "")}.md`;
  const file = path.join(ROOT, "docs", "bench", name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `# Bench run of ${run.date.slice(0, 16).replace("T", " ")} UTC\n\n${markdown}`);
  const performance = path.join(ROOT, "docs", "performance.md");
  const text = readFileSync(performance, "utf8");
  if (!LATEST.test(text)) throw new Error("docs/performance.md has no <!-- bench:latest --> link");
  writeFileSync(performance, text.replace(LATEST, `$1[${name.replace(/\.md$/, "")}](bench/${name})$2`));
  return path.relative(ROOT, file);
}

// Pin this process (the load generator) to its own core, then run.
if (canPin() && !process.env.BENCH_PINNED) {
  const child = spawnSync("taskset", ["-c", LOAD_CORE, process.execPath, __filename, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_PINNED: "1" },
  });
  process.exit(child.status ?? 1);
} else {
  const pinned = process.env.BENCH_PINNED === "1";
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const run = flags.has("--profile")
    ? runProfiles(pinned, log)
    : flags.has("--instructions")
      ? runInstructions(pinned, log)
      : flags.has("--pieces")
        ? runPieces(pinned, log)
        : flags.has("--scale")
          ? runScaleOnly(pinned, log)
          : main();
  run.then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`bench: ${(err as Error).stack ?? String(err)}`);
      process.exit(1);
    },
  );
}
