/**
 * The documentation holds together: the README stays an index (short, the two quick-start commands,
 * a link to every page of docs/), and every relative link of the README and docs/ reaches a file
 * of this repository and, with a `#fragment`, a heading of that page as GitHub names it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { slug } from "github-slugger";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

/** Every Markdown page of the documentation, as paths from the repository's root. */
function pages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(path.join(dir, entry.name)) : entry.name.endsWith(".md") ? [path.join(dir, entry.name)] : [],
    );
  return ["README.md", ...walk("docs")];
}

/** The text of a page without its fenced code, where brackets are code and not links. */
function prose(page: string): string {
  return readFileSync(path.join(ROOT, page), "utf8").replace(/^```[\s\S]*?^```$/gm, "");
}

/** The anchors GitHub gives a page's headings (a repeated heading gets `-1`, `-2`, ...). */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of prose(page).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(heading!.replace(/`/g, ""));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative links of a page: `[text](target)`, leaving out web addresses and mail. */
function links(page: string): string[] {
  return [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

describe("the documentation", () => {
  it("has a README of at most 200 lines that links every page of docs/", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
    const linked = new Set(links("README.md").map((t) => path.normalize(t.split("#")[0]!)));
    const topics = readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
    expect(topics.filter((f) => !linked.has(path.join("docs", f)))).toEqual([]);
  });

  it("links only to files that exist, and to headings those pages have", () => {
    const broken: string[] = [];
    for (const page of pages()) {
      for (const target of links(page)) {
        const [file, fragment] = target.split("#") as [string, string | undefined];
        const to = file === "" ? page : path.join(path.dirname(page), decodeURIComponent(file));
        if (!existsSync(path.join(ROOT, to))) broken.push(`${page}: ${target} (no such file)`);
        else if (fragment && to.endsWith(".md") && !anchors(to).has(fragment)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
