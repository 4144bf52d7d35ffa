/**
 * `npm run schema:release [-- --accept-breaking]`: at a release, makes the client schema as it is
 * now (schema/client.graphql) the breaking-change baseline (schema/baseline/client.graphql).
 * Refuses while schema/client.graphql is not what the code builds (run `npm run schema`), and
 * while it breaks the previous baseline, unless `--accept-breaking` says the release does so.
 */
import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { printClientSchema } from "../graph/assembly/client-schema";
import { nextBaseline } from "./baseline";

const dir = path.resolve(__dirname, "..", "..", "schema");
const clientFile = path.join(dir, "client.graphql");
const baselineFile = path.join(dir, "baseline", "client.graphql");

function main(): void {
  const current = readFileSync(clientFile, "utf8");
  if (current !== printClientSchema()) {
    console.error("schema/client.graphql is not the schema the code builds: run `npm run schema` first.");
    process.exitCode = 1;
    return;
  }
  const acceptBreaking = process.argv.includes("--accept-breaking");
  const { baseline, breaking } = nextBaseline(readFileSync(baselineFile, "utf8"), current, acceptBreaking);
  for (const change of breaking) console.error(`breaking: ${change.type}: ${change.description}`);
  if (baseline === null) {
    console.error("Not released: the changes above break clients of the last release. Deprecate instead, or pass --accept-breaking.");
    process.exitCode = 1;
    return;
  }
  writeFileSync(baselineFile, baseline);
  console.log(
    `wrote ${path.relative(process.cwd(), baselineFile)}${breaking.length ? ` (${breaking.length} breaking changes accepted)` : ""}`,
  );
}

main();
