/**
 * `npm run dev`: the server, rebuilt and restarted on every change under src/. tsc compiles in
 * watch mode (esbuild or tsx would not do: Type-GraphQL reads the types tsc's decorator metadata
 * records), and Node's own `--watch` restarts dist/main.js when what it loaded is rewritten.
 * Development mode: pretty logs and "Did you mean" suggestions, under the heap caps of HEAP_MB and HEAP_SEMI_SPACE_MB. Ctrl-C stops both.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { loadConfig } from "../config";
import { heapFlags } from "../heap";

const ROOT = path.resolve(__dirname, "..", "..");
const tsc = require.resolve("typescript/bin/tsc");

const children: ChildProcess[] = [];
let stopping = false;

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  process.exitCode = code;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
  children.push(child);
  // One of the two gone (a tsc that cannot start, a server that cannot listen) ends the other.
  child.on("exit", (code, signal) => stop(code ?? (signal ? 1 : 0)));
  return child;
}

// tsc -b's watch starts with a build, which `npm run dev`'s script has already made up to date;
// the server starts on that build and restarts on each one after it.
run([tsc, "-b", "--watch", "--preserveWatchOutput"]);
// The heap caps every start runs under (HEAP_MB, HEAP_SEMI_SPACE_MB), as `npm start` passes them.
const { heapMb, heapSemiSpaceMb } = loadConfig();
run([...heapFlags(heapMb, heapSemiSpaceMb), "--watch", "--enable-source-maps", path.join(ROOT, "dist", "main.js")], {
  ...process.env,
  NODE_ENV: "development",
});

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));
