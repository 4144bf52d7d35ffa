/**
 * The command `npm start` runs, read from package.json, as arguments to this Node: what the
 * soak, the bench and the process tests start is then what a user runs, whatever the build makes.
 * The script is `exec node …` (so that the shell npm runs it in becomes node, and a signal to it
 * reaches the server); a `$(cat FILE)` in it is FILE's text, as the shell reads it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export function startArgv(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const script = (scripts.start ?? "").replace(/\$\(cat ([^)\s]+)\)/g, (_all, file: string) =>
    readFileSync(path.resolve(root, file), "utf8").trim(),
  );
  const [exec, command, ...args] = script.trim().split(/\s+/);
  if (exec !== "exec" || command !== "node") throw new Error(`npm start is not a plain \`exec node …\` command: ${scripts.start}`);
  return args.map((arg) => (arg.startsWith("-") ? arg : path.resolve(root, arg)));
}
