/**
 * Writes the documentation's tables of settings from SETTINGS (src/config.ts): `npm run docs`.
 * A test checks that every page is what this would write.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { allSettings, SECTIONS, type Section } from "../config";

/** The table of one section's settings. */
export function settingsTable(section: Section): string {
  const rows = allSettings()
    .filter((s) => s.section === section)
    .map((s) => `| \`${s.env}\` | ${s.shownDefault ?? `\`${s.default}\``} | ${s.description} |`);
  return ["| variable | default | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

/** `page` with each `<!-- settings:SECTION -->` … `<!-- /settings -->` block made from SETTINGS. */
export function withSettingsTables(page: string): string {
  return page.replace(
    /(<!-- settings:(\w+) -->\n)[\s\S]*?(\n<!-- \/settings -->)/g,
    (_all, open: string, section: string, close: string) => {
      if (!SECTIONS.includes(section as Section)) throw new Error(`no settings section "${section}"`);
      return open + settingsTable(section as Section) + close;
    },
  );
}

/** The pages that may hold settings tables: the README and docs/*.md, as paths from the repository's root. */
export function documentationPages(root: string): string[] {
  const docs = readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md"));
  return ["README.md", ...docs.map((f) => path.join("docs", f))];
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..", "..");
  for (const page of documentationPages(root)) {
    const file = path.join(root, page);
    const before = readFileSync(file, "utf8");
    const after = withSettingsTables(before);
    if (after !== before) {
      writeFileSync(file, after);
      console.log(`${page}: settings tables rewritten`);
    }
  }
}
