/**
 * The heap cap (HEAP_MB, config.ts) is V8's `--max-old-space-size`, which V8 reads only when the
 * process starts: it cannot be set from inside. `npm start` passes it, and the start-up snapshot is
 * built with it, since V8 refuses a snapshot made under other flags. The server reports at start
 * what it really runs under, and warns when that is not what HEAP_MB says.
 */
import v8 from "node:v8";

const MIB = 1024 * 1024;

/** The `--max-old-space-size` a process was started with (the last one given wins, as in V8), or null for none. */
export function oldSpaceFlagOf(execArgv: readonly string[], nodeOptions = ""): number | null {
  let value: number | null = null;
  // NODE_OPTIONS is read before the command line, which overrides it.
  for (const arg of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const match = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(arg);
    if (match) value = Number(match[1]);
  }
  // V8 reads 0 as "not given".
  return value === 0 ? null : value;
}

export interface HeapReport {
  /** V8's limit for the whole heap (old generation and young), in MiB, as it reports it. */
  heapLimitMb: number;
  /** The old generation's cap this process was started with, null for none. */
  oldSpaceMb: number | null;
}

export function heapReport(): HeapReport {
  return {
    heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / MIB),
    oldSpaceMb: oldSpaceFlagOf(process.execArgv, process.env.NODE_OPTIONS),
  };
}

/** Why the process's cap is not the one HEAP_MB asks for, and how to start it so; null when it is. */
export function heapMismatch(heapMb: number, report: HeapReport): string | null {
  const wanted = heapMb === 0 ? null : heapMb;
  if (report.oldSpaceMb === wanted) return null;
  const running = report.oldSpaceMb === null ? "no heap cap" : `--max-old-space-size=${report.oldSpaceMb}`;
  const flag = wanted === null ? "without --max-old-space-size" : `with node --max-old-space-size=${wanted}`;
  return `HEAP_MB is ${heapMb} but this process runs with ${running}: start it ${flag} (npm start does, from the HEAP_MB of its build)`;
}
