/**
 * Writes the README's tables of settings from SETTINGS (src/config.ts): `npm run docs`.
 * A test checks that the README is what this would write.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { allSettings, SECTIONS, type Section } from "../config";

/** The README table of one section's settings. */
export function settingsTable(section: Section): string {
  const rows = allSettings()
    .filter((s) => s.section === section)
    .map((s) => `| \`${s.env}\` | ${s.shownDefault ?? `\`${s.default}\``} | ${s.description} |`);
  return ["| variable | default | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

/** `readme` with each `<!-- settings:SECTION -->` … `<!-- /settings -->` block made from SETTINGS. */
export function withSettingsTables(readme: string): string {
  return readme.replace(
    /(<!-- settings:(\w+) -->\n)[\s\S]*?(\n<!-- \/settings -->)/g,
    (_all, open: string, section: string, close: string) => {
      if (!SECTIONS.includes(section as Section)) throw new Error(`README.md: no settings section "${section}"`);
      return open + settingsTable(section as Section) + close;
    },
  );
}

if (require.main === module) {
  const file = path.resolve(__dirname, "..", "..", "README.md");
  const before = readFileSync(file, "utf8");
  const after = withSettingsTables(before);
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? "README.md: settings tables already current" : "README.md: settings tables rewritten");
}
