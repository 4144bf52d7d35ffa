/**
 * The command `npm start` runs, read from package.json, as arguments to this Node: what the
 * bench measures and the process tests start is then what a user runs, whatever the build makes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export function startArgv(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [command, ...args] = (scripts.start ?? "").trim().split(/\s+/);
  if (command !== "node") throw new Error(`npm start is not a plain \`node …\` command: ${scripts.start}`);
  // Options stay as they are; paths are the project's.
  return args.map((arg) => (arg.startsWith("-") ? arg : path.resolve(root, arg)));
}
