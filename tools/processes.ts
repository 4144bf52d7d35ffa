/**
 * Child processes for development tooling and the tests that run several of them: each one's
 * output kept (and, for a person watching, echoed with its name), waited for by what it answers,
 * stopped by its own pid.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

/** The checkout this file belongs to (tools/ or its build under .tools/build/tools/). */
export const ROOT = path.resolve(__dirname, "..", ...(path.basename(path.dirname(__dirname)) === "build" ? ["..", ".."] : []));

/** Where a measured server runs, and where the load generator that measures it runs, when they can be kept apart. */
export const SERVER_CORE = "0";
export const LOAD_CORE = "1";

/** Whether this machine lets us put a server and its load generator on different cores (`taskset`, two cores). */
export function canPin(): boolean {
  return os.availableParallelism() >= 2 && spawnSync("taskset", ["-V"]).status === 0;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with its exit code (null when ended by a signal) once it has exited. */
  exited: Promise<number | null>;
  /** Whether it has exited. */
  gone(): boolean;
  /** SIGTERM (or `signal`), then its exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Echo its output to this process's stdout, each line prefixed with its name. */
  echo?: boolean;
}

export function spawnProc(name: string, command: string, args: string[], { env = {}, echo = false }: SpawnOptions = {}): Proc {
  // Its own process group: Ctrl-C reaches only the tool, which stops its children in order.
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  let gone = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      gone = true;
      resolve(code);
    });
    // A command that cannot be run at all (not installed) exits too, as far as waiting goes.
    child.once("error", (err) => {
      out += `${name}: ${err.message}\n`;
      gone = true;
      resolve(127);
    });
  });
  let partial = "";
  const take = (chunk: Buffer) => {
    const text = String(chunk);
    out += text;
    if (!echo) return;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  return {
    name,
    child,
    output: () => out,
    exited,
    gone: () => gone,
    stop: async (signal = "SIGTERM") => {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `ready()` is true, failing with `proc`'s output when it exits first or `timeoutMs` passes. */
export async function waitUntil(proc: Proc, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc.gone()) throw new Error(`${proc.name} exited before it was ready:\n${proc.output().trim()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > until) {
      await proc.stop("SIGKILL");
      throw new Error(`${proc.name} was not ready within ${timeoutMs / 1000} s:\n${proc.output().trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether `url` answers 200. */
export async function answers200(url: string): Promise<boolean> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status === 200;
}

/** A whole-number command-line option from `min` to `max`, or an error naming it. */
export function integerOption(name: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text ?? "") || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}
