/**
 * Bench servers as child processes: pinned to core 0 (the load generator runs
 * on core 1) when `taskset` exists and there are two cores, timed from spawn
 * to their first GraphQL answer, measured for RSS, stopped by their own pid.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { canPin, freePort, LOAD_CORE, SERVER_CORE } from "../../tools/processes";
import { bodyOf, TYPENAME } from "./queries";

export { canPin, freePort, LOAD_CORE, SERVER_CORE };

export interface ServerSpec {
  /** Name in the tables. */
  name: string;
  /** Node script and its arguments. */
  argv: string[];
  env?: Record<string, string>;
}

export interface Running {
  spec: ServerSpec;
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 answer to `{ __typename }`. */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Starts `spec` with this Node, or with `launcher` (valgrind, say: `spec.argv` then starts with the
 * Node it runs), and waits `startTimeoutMs` at most for its first answer.
 */
export async function startServer(
  spec: ServerSpec,
  fixturesDir: string,
  pin: boolean,
  { launcher = process.execPath, startTimeoutMs = 60_000 }: { launcher?: string; startTimeoutMs?: number } = {},
): Promise<Running> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [cmd, ...args] = pin ? ["taskset", "-c", SERVER_CORE, launcher, ...spec.argv] : [launcher, ...spec.argv];
  const started = performance.now();
  const child = spawn(cmd!, args, {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      NODE_ENV: "production",
      FIXTURES_DIR: fixturesDir,
      ...spec.env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`${spec.name} exited before answering: ${stderr.trim()}`);
    try {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: bodyOf(TYPENAME),
      });
      if (res.status === 200) {
        await res.arrayBuffer();
        break;
      }
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > startTimeoutMs) {
      child.kill("SIGKILL");
      throw new Error(`${spec.name} did not answer within ${startTimeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const startupMs = performance.now() - started;
  return {
    spec,
    url,
    child,
    startupMs,
    stop: async () => {
      if (!gone) {
        child.kill("SIGCONT");
        child.kill("SIGTERM");
      }
      await exited;
    },
  };
}

/** CPU time a process has used, user and system, in ms (Linux /proc, at its usual 100 ticks a second); NaN elsewhere. */
export function cpuMs(pid: number): number {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a process in MB (Linux /proc, else ps). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    /* not Linux */
  }
  const ps = spawnSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" });
  return Number(ps.stdout.trim()) / 1024;
}
