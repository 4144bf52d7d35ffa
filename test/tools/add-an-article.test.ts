/**
 * docs/add-an-article.md, run as written: its files saved, its commands run in a scratch copy of
 * the fixtures, its edits applied, its printed output and its query's answer compared with what
 * the tools and the server give. The page and this test cannot drift apart.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { FIXTURES, startServer } from "../helpers";

const ROOT = path.resolve(__dirname, "..", "..");
const PAGE = readFileSync(path.join(ROOT, "docs", "add-an-article.md"), "utf8");
/** Where the page says its fixtures are, in the output it shows. */
const SHOWN_FIXTURES = "/home/you/newsfacts/fixtures";

interface Block {
  info: string;
  body: string;
}

/** The page's fenced blocks, in order, with their info strings (`yaml append=path`). */
const blocks = (page: string): Block[] => [...page.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ info: m[1]!, body: m[2]! }));

/** A command line's words, double quotes grouping. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

/** Applies a diff block's edit: its context and removed lines, found once, become its context and added lines. */
function applyDiff(text: string, diff: string): string {
  const lines = diff.replace(/\n$/, "").split("\n");
  const before = lines.filter((l) => !l.startsWith("+")).map((l) => l.slice(1));
  const after = lines.filter((l) => !l.startsWith("-")).map((l) => l.slice(1));
  const from = `${before.join("\n")}\n`;
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`the diff's lines are not in the file exactly once:\n${from}`);
  return `${text.slice(0, at)}${after.join("\n")}\n${text.slice(at + from.length)}`;
}

describe("docs/add-an-article.md", () => {
  const work = mkdtempSync(path.join(tmpdir(), "newsfacts-tutorial-"));
  const fixtures = path.join(work, "fixtures");
  cpSync(FIXTURES, fixtures, { recursive: true });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("takes a text file to a served, cited fact, step by step as the page says", async () => {
    const steps = blocks(PAGE);
    expect(steps.map((b) => b.info.split(" ")[0])).toContain("graphql");
    let output: string | undefined;
    let served: Awaited<ReturnType<typeof startServer>> | undefined;
    let answer: unknown;
    try {
      for (const { info, body } of steps) {
        const [kind, attribute] = info.split(" ");
        const [key, target] = (attribute ?? "").split("=");
        const file = target && path.join(work, target);
        if (kind === "text" && key === "file") writeFileSync(file!, body);
        else if (kind === "text" && key === "output") {
          const shown = output?.replaceAll(fixtures, SHOWN_FIXTURES);
          // An output the page cuts short with "…" is compared up to there.
          if (body.endsWith("…\n")) expect(shown?.startsWith(body.slice(0, -2))).toBe(true);
          else expect(shown).toBe(body);
          output = undefined;
        } else if (kind === "sh") {
          for (const line of body.trim().split("\n")) {
            const [npm, verb, script, dash, ...args] = words(line);
            expect([npm, verb]).toEqual(["npm", script === undefined ? "start" : "run"]);
            if (script === "source:new") {
              expect(dash).toBe("--");
              const run = spawnSync(process.execPath, [path.join(ROOT, ".tools", "build", "tools", "source-new.js"), ...args], {
                cwd: work,
                encoding: "utf8",
              });
              expect(run.stderr).toBe("");
              expect(run.status).toBe(0);
              output = run.stdout;
            } else if (script === "fixtures:check") {
              const run = spawnSync(process.execPath, [path.join(ROOT, "dist", "scripts", "check-fixtures.js"), fixtures], {
                cwd: work,
                encoding: "utf8",
              });
              expect(run.stderr).toBe("");
              expect(run.status).toBe(0);
              output = run.stdout;
            } else if (verb === "start") served = await startServer(fixtures);
            else throw new Error(`the page runs a command this test does not know: ${line}`);
          }
        } else if (kind === "yaml" && key === "excerpt") expect(readFileSync(file!, "utf8")).toContain(body);
        else if (kind === "yaml" && key === "append") appendFileSync(file!, body);
        else if (kind === "diff") writeFileSync(file!, applyDiff(readFileSync(file!, "utf8"), body));
        else if (kind === "graphql") {
          expect(served).toBeDefined();
          const { status, data, errors } = await served!.gql(body);
          expect(status).toBe(200);
          // The answer as the page shows it: the cost extensions vary with the server's settings.
          answer = errors ? { data, errors } : { data };
        } else if (kind === "json") expect(answer).toEqual(JSON.parse(body));
        else throw new Error(`the page has a block this test does not know: ${info}`);
      }
    } finally {
      await served?.close();
    }
    expect(answer).toBeDefined();
    expect(loadFacts(fixtures).table("visits").get("gil-iran-2023")?.date.iso).toBe("2023-06-13");
  });

  it("applies a diff only where its lines stand exactly once", () => {
    expect(applyDiff("a\nb\nc\n", " a\n-b\n+B\n")).toBe("a\nB\nc\n");
    expect(() => applyDiff("a\nb\na\nb\n", " a\n-b\n")).toThrow("not in the file exactly once");
    expect(() => applyDiff("a\n", "-z\n")).toThrow("not in the file exactly once");
  });
});
