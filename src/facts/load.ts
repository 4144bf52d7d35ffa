/**
 * Reads fixtures/, validates everything, and only then builds the store:
 * nothing is served from half-valid data. Every problem is reported with the
 * file, the JSON path and the reason, all of them at once.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Citation } from "./records";
import { checkSentences } from "./sentences";
import { FactStore } from "./store";
import { TABLES, TABLE_NAMES, specOf, valuesAt, type Row, type SourceRow, type TableName } from "./tables";

export interface FixtureIssue {
  /** Path relative to the fixtures folder's parent, e.g. "fixtures/visits.json". */
  file: string;
  /** JSONPath of the offending value, e.g. "$[3].hostCountry". */
  path: string;
  reason: string;
}

export class FixtureError extends Error {
  constructor(readonly issues: FixtureIssue[]) {
    super(
      `${issues.length} fixture problem${issues.length === 1 ? "" : "s"}:\n` +
        issues.map((i) => `  ${i.file} ${i.path}: ${i.reason}`).join("\n"),
    );
    this.name = "FixtureError";
  }
}

export function jsonPath(segments: readonly PropertyKey[]): string {
  return (
    "$" +
    segments
      .map((s) =>
        typeof s === "number" ? `[${s}]` : /^[A-Za-z_]\w*$/.test(String(s)) ? `.${String(s)}` : `[${JSON.stringify(String(s))}]`,
      )
      .join("")
  );
}

/** Loads and validates the fixtures in `dir`; throws FixtureError listing every problem. */
export function loadFacts(dir: string): FactStore {
  const issues: FixtureIssue[] = [];
  const shown = (file: string) => path.join(path.basename(path.resolve(dir)), file);
  const report = (file: string, segments: readonly PropertyKey[], reason: string) =>
    issues.push({ file: shown(file), path: jsonPath(segments), reason });

  // Ids of every record, valid or not, so one bad record does not also report each reference to it.
  const declared = Object.fromEntries(TABLE_NAMES.map((name) => [name, new Set<string>()])) as Record<TableName, Set<string>>;
  // Where each valid record stands in its file: invalid ones are left out of `rows`, not of the paths.
  const position = new Map<object, number>();
  const rows = Object.fromEntries(TABLE_NAMES.map((name) => [name, []])) as unknown as { [T in TableName]: Row<T>[] };
  for (const name of TABLE_NAMES) {
    const { file, record } = TABLES[name];
    const parsed = rows[name] as Row<TableName>[];
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    } catch (err) {
      report(file, [], (err as NodeJS.ErrnoException).code === "ENOENT" ? "file is missing" : `not valid JSON: ${(err as Error).message}`);
      continue;
    }
    if (!Array.isArray(json)) {
      report(file, [], "expected a JSON array of records");
      continue;
    }
    const seen = new Map<string, number>();
    const uniques = (specOf(name).unique ?? []).map((field) => ({ field, seen: new Map<unknown, number>() }));
    json.forEach((item, i) => {
      if (item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string")
        declared[name].add((item as { id: string }).id);
      const result = record.safeParse(item);
      if (!result.success) {
        for (const issue of result.error.issues) report(file, [i, ...issue.path], issue.message);
        return;
      }
      const row = result.data as Row<TableName>;
      const first = seen.get(row.id);
      if (first !== undefined) report(file, [i, "id"], `duplicate id "${row.id}" (first at $[${first}])`);
      else seen.set(row.id, i);
      for (const u of uniques) {
        const value = (row as Record<string, unknown>)[u.field];
        const at = u.seen.get(value);
        if (at !== undefined) report(file, [i, u.field], `duplicate ${u.field} ${JSON.stringify(value)} (first at $[${at}])`);
        else u.seen.set(value, i);
      }
      parsed.push(row);
      position.set(row, i);
    });
  }

  const at = (row: object) => position.get(row)!;
  attachSourceTexts(dir, rows.sources, at, (segments, reason) => report(TABLES.sources.file, segments, reason));
  checkReferences(rows, declared, at, report);
  checkCitations(rows, at, report);

  if (issues.length > 0) throw new FixtureError(issues);
  return new FactStore(rows);
}

function attachSourceTexts(
  dir: string,
  sources: SourceRow[],
  at: (row: object) => number,
  report: (segments: PropertyKey[], reason: string) => void,
): void {
  sources.forEach((source) => {
    const i = at(source);
    source.sentenceCount = source.sentences.length;
    try {
      source.text = readFileSync(path.join(dir, source.textFile), "utf8").trim();
    } catch {
      source.text = "";
      report([i, "textFile"], `cannot read ${source.textFile}`);
      return;
    }
    for (const { index, reason } of checkSentences(source.text, source.sentences)) {
      const listed = index < source.sentences.length;
      report(listed ? [i, "sentences", index] : [i, "sentences"], listed ? `sentence ${index + 1}: ${reason}` : reason);
    }
  });
}

function checkReferences(
  rows: { [T in TableName]: Row<T>[] },
  ids: Record<TableName, Set<string>>,
  at: (row: object) => number,
  report: (file: string, segments: PropertyKey[], reason: string) => void,
): void {
  for (const name of TABLE_NAMES) {
    const { file, refs } = TABLES[name];
    rows[name].forEach((row) => {
      for (const [refPath, target] of Object.entries(refs) as [string, TableName][]) {
        for (const { value, path: where } of valuesAt(row, refPath)) {
          if (!ids[target].has(value)) report(file, [at(row), ...where], `unknown ${target} id "${value}" (see ${TABLES[target].file})`);
        }
      }
    });
  }
}

/** Every citation anywhere in a record names a known source, a sentence it has, and a quote verbatim in it. */
function checkCitations(
  rows: { [T in TableName]: Row<T>[] },
  at: (row: object) => number,
  report: (file: string, segments: PropertyKey[], reason: string) => void,
): void {
  const sources = new Map(rows.sources.map((s) => [s.id, s]));
  for (const name of TABLE_NAMES) {
    rows[name].forEach((row) => {
      for (const { citation, at: where } of citationsIn(row, [at(row)])) {
        const source = sources.get(citation.source);
        if (!source) {
          report(TABLES[name].file, [...where, "source"], `unknown source "${citation.source}"`);
          continue;
        }
        const sentence = source.sentences[citation.sentence - 1];
        if (sentence === undefined) {
          report(
            TABLES[name].file,
            [...where, "sentence"],
            `source "${source.id}" has ${source.sentences.length} sentences, not ${citation.sentence}`,
          );
        } else if (!sentence.includes(citation.quote)) {
          report(
            TABLES[name].file,
            [...where, "quote"],
            `quote is not verbatim in sentence ${citation.sentence} of "${source.id}": ${JSON.stringify(citation.quote)}`,
          );
        }
      }
    });
  }
}

/** Finds every `citations` array in a record, however deep (licenses carry their own). */
export function* citationsIn(value: unknown, at: PropertyKey[] = []): Generator<{ citation: Citation; at: PropertyKey[] }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* citationsIn(value[i], [...at, i]);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "citations" && Array.isArray(child)) {
        for (let i = 0; i < child.length; i++) yield { citation: child[i] as Citation, at: [...at, key, i] };
      } else {
        yield* citationsIn(child, [...at, key]);
      }
    }
  }
}
