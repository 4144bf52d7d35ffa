/**
 * `npm run bench -- --profile`: CPU profiles (`node --cpu-prof`) of newsfacts, as served and with
 * the response cache off, under load on each bench query, written to .bench/profiles/. For each,
 * it prints the functions that took the most self-time per request, counting only the samples
 * taken while the load ran (not start-up, not shutdown).
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

/** The parts of a `.cpuprofile` (Chrome DevTools' format) read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  /** Microseconds, on the clock of `process.hrtime()`. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TopFunction {
  /** Function name, file (from node_modules/, dist/ or src/ on) and line. */
  name: string;
  /** Share of the window's samples. */
  share: number;
  /** Microseconds of self-time per request. */
  perRequestUs: number;
}

/** `fn file:line` with the file shortened to what names it (a package's path, or dist/…). */
function frameName(frame: CpuProfile["nodes"][number]["callFrame"]): string {
  const file = frame.url.replace(/^file:\/\//, "");
  const url = file.includes("node_modules/") ? file.replace(/^.*node_modules\//, "") : file.replace(/^.*\/(dist|src)\//, "$1/");
  return `${frame.functionName || "(anonymous)"} ${url}${url ? `:${frame.lineNumber + 1}` : ""}`;
}

/**
 * The `n` functions with the most self-time among the samples taken from `fromUs` to `toUs`
 * (the profile's clock), per request of the `requests` served in that window.
 */
export function topFunctions(profile: CpuProfile, fromUs: number, toUs: number, requests: number, n = 15): TopFunction[] {
  const names = new Map(profile.nodes.map((node) => [node.id, frameName(node.callFrame)]));
  const self = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) continue;
    const name = names.get(profile.samples[i]!) ?? "(unknown)";
    self.set(name, (self.get(name) ?? 0) + delta);
    total += delta;
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, share: total > 0 ? us / total : 0, perRequestUs: requests > 0 ? us / requests : 0 }));
}

export function renderTop(title: string, requests: number, top: readonly TopFunction[]): string {
  const lines = [`${title}: ${requests.toLocaleString("en-US")} requests; top functions by self-time`, ""];
  lines.push("| self | µs per request | function |", "|--:|--:|---|");
  for (const t of top) lines.push(`| ${(100 * t.share).toFixed(1)}% | ${t.perRequestUs.toFixed(1)} | \`${t.name}\` |`);
  return `${lines.join("\n")}\n`;
}

/** The one profile a process wrote into `dir` under `prefix`. */
export function readProfile(dir: string, prefix: string): CpuProfile {
  const file = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no CPU profile ${prefix}*.cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
}

export function clearProfiles(dir: string): void {
  for (const f of readdirSync(dir)) if (f.endsWith(".cpuprofile")) rmSync(path.join(dir, f));
}
