/**
 * A fresh clone installs clean: the lock file agrees with package.json (its `overrides` included),
 * and no package of the production tree says it needs another Node than `engines` names, so
 * `npm ci --omit=dev` warns about nothing on any supported Node (docs/install.md).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));

interface Locked {
  version?: string;
  dev?: boolean;
  engines?: { node?: string };
}

/** The oldest Node of each range `engines` names ("^20.19.0 || ^24.0.0": 20.19.0 and 24.0.0). */
function supportedNodes(): string[] {
  const range = new semver.Range((read("package.json") as { engines: { node: string } }).engines.node);
  return range.set.map((comparators) => semver.minVersion(new semver.Range(comparators.map(String).join(" ")))!.version);
}

describe("install", () => {
  it("the lock file satisfies package.json and its overrides (npm ls on a fresh clone)", () => {
    const ls = spawnSync("npm", ["ls", "--all", "--package-lock-only"], { cwd: ROOT, encoding: "utf8" });
    expect(ls.stderr.split("\n").filter((line) => /npm error/.test(line))).toEqual([]);
    expect(ls.status).toBe(0);
  }, 60_000);

  it("no production package asks for a Node that engines does not name", () => {
    const nodes = supportedNodes();
    expect(nodes).toEqual(["20.19.0", "24.0.0"]);
    const packages = (read("package-lock.json") as { packages: Record<string, Locked> }).packages;
    const refused = Object.entries(packages)
      .filter(([where, pkg]) => where !== "" && !pkg.dev && pkg.engines?.node)
      .flatMap(([where, pkg]) =>
        nodes
          .filter((node) => !semver.satisfies(node, pkg.engines!.node!, { includePrerelease: true }))
          .map((node) => `${where}@${pkg.version} wants node ${pkg.engines!.node}, not ${node}`),
      );
    expect(refused).toEqual([]);
  });
});
