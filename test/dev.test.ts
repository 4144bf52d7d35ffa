/**
 * `npm run dev` watches: in a copy of the project, a change under src/ is served without a restart
 * by hand. Bounded by a poll with a generous timeout, not a timing: the rebuild takes what it takes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./bench/procs";

const ROOT = path.resolve(__dirname, "..");
const TYPE_FILE = path.join("src", "graph", "country", "country.type.ts");
const BEFORE = "A country the source names.";
const AFTER = "A country the source names, as rebuilt by npm run dev.";

let copy: string | undefined;
let dev: ChildProcess | undefined;
let output = "";
afterAll(() => {
  // The whole group: npm, the watch script, tsc and the server.
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  if (copy) rmSync(copy, { recursive: true, force: true });
});

async function poll<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (dev?.exitCode !== null) throw new Error(`npm run dev exited (${dev?.exitCode}) before ${what}:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${what} within ${seconds} s:\n${output.slice(-3000)}`);
}

describe("npm run dev", () => {
  it("serves a change under src/ without a manual restart", async () => {
    copy = mkdtempSync(path.join(tmpdir(), "newsfacts-dev-"));
    // The build as it is (timestamps kept, so tsc -b finds it up to date) and the sources beside it.
    for (const entry of ["src", "dist", "fixtures", "schema", "package.json", "tsconfig.json"])
      cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
    symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");

    const port = await freePort();
    dev = spawn("npm", ["run", "dev"], {
      cwd: copy,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", RATE_LIMIT_POINTS: "0", RESPONSE_CACHE_MB: "0" },
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    dev.stdout!.on("data", keep);
    dev.stderr!.on("data", keep);

    const description = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query: `{ __type(name: "Country") { description } }` }),
      });
      return ((await res.json()) as { data: { __type: { description: string } } }).data.__type.description;
    };
    expect(await poll("first answer", 180, description)).toBe(BEFORE);

    const file = path.join(copy, TYPE_FILE);
    const source = readFileSync(file, "utf8");
    expect(source).toContain(`"${BEFORE}"`);
    writeFileSync(file, source.replace(`"${BEFORE}"`, `"${AFTER}"`));

    expect(await poll("changed answer", 180, async () => ((await description()) === AFTER ? AFTER : undefined))).toBe(AFTER);
    // Development mode: pretty logs, not JSON lines.
    expect(output).toMatch(/INFO.*newsfacts serving/);
  }, 420_000);
});
