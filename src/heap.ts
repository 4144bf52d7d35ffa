/**
 * The heap caps (HEAP_MB and HEAP_SEMI_SPACE_MB, config.ts) are V8's `--max-old-space-size` and
 * `--max-semi-space-size`, which V8 reads only when the process starts: they cannot be set from
 * inside. `npm start` passes them, and the start-up snapshot is built with them, since V8 refuses a
 * snapshot made under other flags. The server reports at start what it really runs under, and warns
 * when that is not what the settings say.
 */
import v8 from "node:v8";

const MIB = 1024 * 1024;

/** The flags V8 takes the settings as: none for a setting of 0, which leaves V8's own sizing. */
export function heapFlags(heapMb: number, semiSpaceMb: number): string[] {
  return [...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []), ...(semiSpaceMb > 0 ? [`--max-semi-space-size=${semiSpaceMb}`] : [])];
}

/** The value of V8's size flag `name` (`max-old-space-size`) a process was started with (the last one given wins, as in V8), or null for none. */
export function sizeFlagOf(name: string, execArgv: readonly string[], nodeOptions = ""): number | null {
  const pattern = new RegExp(`^--${name.replace(/-/g, "[-_]")}=(\\d+)$`);
  let value: number | null = null;
  // NODE_OPTIONS is read before the command line, which overrides it.
  for (const arg of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const match = pattern.exec(arg);
    if (match) value = Number(match[1]);
  }
  // V8 reads 0 as "not given".
  return value === 0 ? null : value;
}

/** The `--max-old-space-size` a process was started with, or null for none. */
export function oldSpaceFlagOf(execArgv: readonly string[], nodeOptions = ""): number | null {
  return sizeFlagOf("max-old-space-size", execArgv, nodeOptions);
}

export interface HeapReport {
  /** V8's limit for the whole heap (old generation and young), in MiB, as it reports it. */
  heapLimitMb: number;
  /** The old generation's cap this process was started with, null for none. */
  oldSpaceMb: number | null;
  /** The young generation's semi-space cap this process was started with, null for none. */
  semiSpaceMb: number | null;
}

export function heapReport(): HeapReport {
  return {
    heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / MIB),
    oldSpaceMb: oldSpaceFlagOf(process.execArgv, process.env.NODE_OPTIONS),
    semiSpaceMb: sizeFlagOf("max-semi-space-size", process.execArgv, process.env.NODE_OPTIONS),
  };
}

/** Why the process's caps are not the ones HEAP_MB and HEAP_SEMI_SPACE_MB ask for, and how to start it so; null when they are. */
export function heapMismatch(heapMb: number, semiSpaceMb: number, report: HeapReport): string | null {
  const wanted = heapFlags(heapMb, semiSpaceMb);
  const running = heapFlags(report.oldSpaceMb ?? 0, report.semiSpaceMb ?? 0);
  if (wanted.join(" ") === running.join(" ")) return null;
  const runs = running.length === 0 ? "no heap cap" : running.join(" ");
  const start = wanted.length === 0 ? "without --max-old-space-size or --max-semi-space-size" : `with node ${wanted.join(" ")}`;
  return `HEAP_MB is ${heapMb} and HEAP_SEMI_SPACE_MB ${semiSpaceMb} but this process runs with ${runs}: start it ${start} (npm start does, from the settings of its build)`;
}
