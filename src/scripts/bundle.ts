/**
 * The last step of `npm run build`: what `npm start` runs. esbuild bundles dist/main.js and what it
 * requires into dist/newsfacts.js, and Node makes a startup snapshot of that bundle,
 * dist/newsfacts.blob, in which the engine is loaded and the schema built (see main.ts). `npm start`
 * restores it: `node --snapshot-blob dist/newsfacts.blob`. Both are made by, and for, the Node that
 * runs the build.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { readSetting, SETTINGS } from "../config";
import { heapFlags } from "../heap";

const dist = path.resolve(__dirname, "..");
const BUNDLE = path.join(dist, "newsfacts.js");
const SNAPSHOT = path.join(dist, "newsfacts.blob");
/** The Node the snapshot was made by (only the same can restore it), and where (its paths are in it). */
const STAMP = path.join(dist, "newsfacts.blob.node");
/** The heap flags the snapshot is made under, which `npm start` passes too (V8 restores it under no others). */
const HEAP = path.join(dist, "newsfacts.flags");

/**
 * Apollo's hashes (`@apollo/utils.createhash`) take Node's crypto through `module.require`, which a
 * bundle has not, and otherwise fall back to `sha.js`, SHA-256 in plain JavaScript: Apollo Server
 * hashes the printed schema at every start (its document store's key prefix), a cost the snapshot's
 * start-up would pay each time. In the bundle `sha.js` is Node's crypto, the same hashes.
 */
const nativeHash: Plugin = {
  name: "sha.js-is-node-crypto",
  setup(build) {
    build.onResolve({ filter: /^sha\.js$/ }, () => ({ path: "sha.js", namespace: "native-hash" }));
    build.onLoad({ filter: /.*/, namespace: "native-hash" }, () => ({
      contents: 'const { createHash } = require("node:crypto"); module.exports = (algorithm) => createHash(algorithm);',
      loader: "js",
    }));
  },
};

async function main(): Promise<void> {
  const result = await build({
    entryPoints: [path.join(dist, "main.js")],
    outfile: BUNDLE,
    bundle: true,
    platform: "node",
    target: `node${process.versions.node}`,
    // A snapshot's entry is a plain script (no `module` or `exports`); it also runs as one with `node`.
    format: "iife",
    // No `keepNames`: it wraps every named function and class in a call that sets its name each time
    // one is made, closures on the served path included (docs/performance.md). A class esbuild renames keeps its GraphQL name (graph/entity-base/type-name.ts).
    // Less source to keep in the snapshot and to parse on first call; identifiers stay as written,
    // so stack traces in logs stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // Never loaded on the served path: Type-GraphQL's validation is off, and pretty logs are for development.
    external: ["class-validator", "pino-pretty"],
    plugins: [nativeHash],
    logLevel: "silent",
    write: false,
  });
  // A warning here is a require esbuild could not follow, which would fail only at run time.
  const problems = [...result.errors, ...result.warnings];
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.location?.file ?? ""}:${p.location?.line ?? ""} ${p.text}`).join("\n"));

  // Like tsc -b, a second build makes nothing again: the snapshot is a function of the bundle and the Node.
  const bundle = result.outputFiles[0]!.contents;
  const flags = heapFlags(readSetting(SETTINGS.heapMb), readSetting(SETTINGS.heapSemiSpaceMb));
  const stamp = `${process.version} ${process.execPath} ${BUNDLE} ${flags.join(" ")}`;
  const unchanged =
    existsSync(SNAPSHOT) &&
    existsSync(BUNDLE) &&
    Buffer.compare(readFileSync(BUNDLE), bundle) === 0 &&
    existsSync(STAMP) &&
    readFileSync(STAMP, "utf8") === stamp &&
    existsSync(HEAP);
  if (unchanged) return;
  rmSync(SNAPSHOT, { force: true });
  rmSync(STAMP, { force: true });
  rmSync(HEAP, { force: true });
  writeFileSync(BUNDLE, bundle);
  const snapshot = spawnSync(process.execPath, [...flags, "--snapshot-blob", SNAPSHOT, "--build-snapshot", BUNDLE], {
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  // Node warns about each of its modules it has not verified in snapshots. The one allowed is tty:
  // chalk (for @apollo/federation-internals' debug output) asks it once whether stdout is a terminal.
  const unverified = [...snapshot.stderr.matchAll(/built-in module "([^"]+)"/g)].map((m) => m[1]);
  const rest = snapshot.stderr
    .split("\n")
    .filter((line) => line.trim() && !/not yet fully verified|may still work in some cases|To request support|--trace-warnings/.test(line));
  if (snapshot.status !== 0 || rest.length > 0 || unverified.some((id) => id !== "tty")) {
    rmSync(SNAPSHOT, { force: true });
    throw new Error(`node --build-snapshot failed (exit ${snapshot.status}):\n${snapshot.stderr.trim()}`);
  }
  writeFileSync(STAMP, stamp);
  writeFileSync(HEAP, `${flags.join(" ")}\n`);
}

main().catch((err: unknown) => {
  console.error(`bundle: ${(err as Error).message}`);
  process.exit(1);
});
