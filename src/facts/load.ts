/**
 * Reads fixtures/, validates everything, and only then builds the store:
 * nothing is served from half-valid data. Every problem is reported with the
 * file, the JSON path and the reason, all of them at once (the first
 * MAX_ISSUES_PER_FILE of each file, and how many more).
 */
import path from "node:path";
import { DEFAULTS } from "../config";
import {
  type Assertion,
  CLAIM_ENTITIES,
  CLAIM_SUBJECTS,
  MAX_SOURCE_TEXT_BYTES,
  PARTY_TABLES,
  type Citation,
  type ClaimRecord,
  held,
} from "./records";
import { checkSentences } from "./sentences";
import { FactStore } from "./store";
import { readTextFile } from "./text-file";
import {
  ASSERTION_REFS,
  TABLES,
  TABLE_NAMES,
  specOf,
  valuesAt,
  type ClaimedField,
  type Row,
  type SourceRow,
  type TableName,
} from "./tables";

export interface FixtureIssue {
  /** Path relative to the fixtures folder's parent, e.g. "fixtures/visits.json". */
  file: string;
  /** JSONPath of the offending value, e.g. "$[3].hostCountry"; "$" for the whole file (a source's text too). */
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

type Report = (file: string, segments: PropertyKey[], reason: string) => void;

/** Problems listed per file; past them, a count. A file of bad records would otherwise list millions. */
export const MAX_ISSUES_PER_FILE = 100;

export interface LoadOptions {
  /** The largest file read (FIXTURE_MAX_MB). */
  maxFileBytes?: number;
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
export function loadFacts(dir: string, { maxFileBytes = DEFAULTS.fixtureMaxBytes }: LoadOptions = {}): FactStore {
  const issues: FixtureIssue[] = [];
  const perFile = new Map<string, number>();
  const shown = (file: string) => path.join(path.basename(path.resolve(dir)), file);
  const report = (file: string, segments: readonly PropertyKey[], reason: string) => {
    const count = (perFile.get(file) ?? 0) + 1;
    perFile.set(file, count);
    if (count <= MAX_ISSUES_PER_FILE) issues.push({ file: shown(file), path: jsonPath(segments), reason });
  };
  // Tables whose file could not be read: references into them are not reported too, since each would only restate it.
  const unread = new Set<TableName>();

  // Ids of every record, valid or not, so one bad record does not also report each reference to it.
  const declared = Object.fromEntries(TABLE_NAMES.map((name) => [name, new Set<string>()])) as Record<TableName, Set<string>>;
  // Where each valid record stands in its file: invalid ones are left out of `rows`, not of the paths.
  const position = new Map<object, number>();
  const rows = Object.fromEntries(TABLE_NAMES.map((name) => [name, []])) as unknown as { [T in TableName]: Row<T>[] };
  for (const name of TABLE_NAMES) {
    const { file, record } = TABLES[name];
    const parsed = rows[name] as Row<TableName>[];
    const read = readTextFile(path.join(dir, file), maxFileBytes);
    let json: unknown;
    let problem = read.problem;
    if (read.text !== undefined) {
      try {
        json = JSON.parse(read.text);
        if (!Array.isArray(json)) problem = "expected a JSON array of records";
      } catch (err) {
        problem = `not valid JSON: ${(err as Error).message}`;
      }
    }
    if (problem !== undefined || !Array.isArray(json)) {
      report(file, [], problem ?? "expected a JSON array of records");
      unread.add(name);
      continue;
    }
    const seen = new Map<string, number>();
    const uniques = [...(specOf(name).unique ?? []), ...(specOf(name).keys ?? [])].map((field) => ({
      field,
      seen: new Map<unknown, number>(),
    }));
    const claimed = Object.keys(specOf(name).claimed ?? {});
    json.forEach((item, i) => {
      if (item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string")
        declared[name].add((item as { id: string }).id);
      for (const field of claimed) {
        if (item && typeof item === "object" && field in item)
          report(
            file,
            [i, field],
            `not stated here: each value is a claim about the record, in ${TABLES.claims.file}, which says who asserts it`,
          );
      }
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
        // A key left null identifies nothing, so any number of records may leave it so.
        if (value === null || value === undefined) continue;
        const at = u.seen.get(value);
        if (at !== undefined) report(file, [i, u.field], `duplicate ${u.field} ${JSON.stringify(value)} (first at $[${at}])`);
        else u.seen.set(value, i);
      }
      parsed.push(row);
      position.set(row, i);
    });
  }

  const at = (row: object) => position.get(row)!;
  attachSourceTexts(dir, maxFileBytes, rows.sources, at, report);
  checkReferences(rows, declared, unread, at, report);
  if (!unread.has("sources")) checkCitations(rows, at, report);
  checkAssertions(rows, declared, at, report);
  checkStops(rows.visits, at, (segments, reason) => report(TABLES.visits.file, segments, reason));
  fillClaimedFields(rows, at, (segments, reason) => report(TABLES.claims.file, segments, reason));

  for (const [file, count] of perFile) {
    if (count > MAX_ISSUES_PER_FILE)
      issues.push({
        file: shown(file),
        path: "$",
        reason: `and ${count - MAX_ISSUES_PER_FILE} more problems (the first ${MAX_ISSUES_PER_FILE} are listed)`,
      });
  }
  if (issues.length > 0) throw new FixtureError(issues);
  return new FactStore(rows);
}

/** Reads each source's text; a text that cannot be read is reported on its own file, and its sentences are not checked. */
function attachSourceTexts(dir: string, maxFileBytes: number, sources: SourceRow[], at: (row: object) => number, report: Report): void {
  sources.forEach((source) => {
    const i = at(source);
    source.sentenceCount = source.sentences.length;
    const read = readTextFile(path.join(dir, source.textFile), maxFileBytes);
    if (read.problem !== undefined) {
      source.text = "";
      report(source.textFile, [], `${read.problem} (the text of source "${source.id}", ${TABLES.sources.file} $[${i}].textFile)`);
      return;
    }
    source.text = read.text.trim();
    for (const [field, value] of [
      ["textFile", source.text],
      ["sentences", source.sentences],
    ] as const) {
      const bytes = Buffer.byteLength(JSON.stringify(value));
      if (bytes > MAX_SOURCE_TEXT_BYTES) {
        report(
          TABLES.sources.file,
          [i, field],
          `${bytes} bytes in an answer, over the ${MAX_SOURCE_TEXT_BYTES} the cost model prices a source's ${field === "textFile" ? "text" : "sentences"} at: split the source in two`,
        );
      }
    }
    for (const { index, reason } of checkSentences(source.text, source.sentences)) {
      const listed = index < source.sentences.length;
      report(
        TABLES.sources.file,
        listed ? [i, "sentences", index] : [i, "sentences"],
        listed ? `sentence ${index + 1}: ${reason}` : reason,
      );
    }
  });
}

function checkReferences(
  rows: { [T in TableName]: Row<T>[] },
  ids: Record<TableName, Set<string>>,
  unread: ReadonlySet<TableName>,
  at: (row: object) => number,
  report: Report,
): void {
  for (const name of TABLE_NAMES) {
    const { file, refs } = TABLES[name];
    rows[name].forEach((row) => {
      // An assertion's party and statement too, which every table's records may hold (each path once).
      for (const [refPath, target] of Object.entries({ ...ASSERTION_REFS, ...refs }) as [string, TableName][]) {
        for (const { value, path: where } of valuesAt(row, refPath)) {
          if (!ids[target].has(value) && !unread.has(target))
            report(file, [at(row), ...where], `unknown ${target} id "${value}" (see ${TABLES[target].file})`);
        }
      }
    });
  }
}

/** Every citation anywhere in a record names a known source, a sentence it has, and a quote verbatim in it. */
function checkCitations(rows: { [T in TableName]: Row<T>[] }, at: (row: object) => number, report: Report): void {
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

/**
 * A statement an assertion names was made by the party it names. Runs after checkReferences,
 * which reports an unknown party or statement: those are not reported again here.
 */
function checkAssertions(
  rows: { [T in TableName]: Row<T>[] },
  ids: Record<TableName, Set<string>>,
  at: (row: object) => number,
  report: Report,
): void {
  const statements = new Map(rows.statements.map((s) => [s.id, s]));
  for (const name of TABLE_NAMES) {
    for (const row of rows[name]) {
      const assertion = (row as { assertion?: Assertion }).assertion;
      const statement = assertion?.statement ? statements.get(assertion.statement) : undefined;
      if (!assertion?.by || !statement) continue;
      const known = (Object.entries(assertion.by) as [keyof typeof PARTY_TABLES, string][]).every(([key, id]) =>
        ids[PARTY_TABLES[key]].has(id),
      );
      if (known && JSON.stringify(statement.speaker) !== JSON.stringify(assertion.by))
        report(
          TABLES[name].file,
          [at(row), "assertion", "statement"],
          `statement "${statement.id}" was made by another party than the one the assertion names (by)`,
        );
    }
  }
}

/** A tour's stops have distinct numbers. */
function checkStops(visits: Row<"visits">[], at: (row: object) => number, report: (segments: PropertyKey[], reason: string) => void): void {
  const seen = new Map<string, Row<"visits">>();
  for (const visit of visits) {
    if (visit.stopNumber === null) continue;
    const key = `${visit.tour}#${visit.stopNumber}`;
    const first = seen.get(key);
    if (first) report([at(visit), "stopNumber"], `tour "${visit.tour}" already has stop ${visit.stopNumber}: "${first.id}"`);
    else seen.set(key, visit);
  }
}

/** The table of a claim's subject and its key (`{ visit: "x" }` -> visits, "x"). */
function subjectOf(claim: ClaimRecord): { table: TableName; id: string } {
  const [key, id] = held(claim.subject);
  return { table: CLAIM_SUBJECTS[key], id };
}

/**
 * Checks each claim against the field it gives a value of (tables.ts `claimed`), then fills the
 * claimed fields of the records from their claims, in claims.json's order. Runs after the
 * references are checked: a claim whose subject is unknown is already reported.
 */
function fillClaimedFields(
  rows: { [T in TableName]: Row<T>[] },
  at: (row: object) => number,
  report: (segments: PropertyKey[], reason: string) => void,
): void {
  const byId = Object.fromEntries(TABLE_NAMES.map((name) => [name, new Map(rows[name].map((row) => [row.id, row]))])) as {
    [T in TableName]: Map<string, Row<T>>;
  };
  const valid = new Map<string, ClaimRecord>();
  for (const claim of rows.claims) {
    const i = at(claim);
    const { table, id } = subjectOf(claim);
    const kind: ClaimedField | undefined = specOf(table).claimed?.[claim.field];
    if (!kind) {
      const fields = Object.keys(specOf(table).claimed ?? {});
      report(
        [i, "field"],
        `${TABLES[table].typename} has no claimed field "${claim.field}"${fields.length ? ` (its claimed fields: ${fields.join(", ")})` : ""}`,
      );
      continue;
    }
    const problem = valueProblem(claim, kind, specOf(table).refs[claim.field]);
    if (problem) {
      report([i, problem.at], problem.reason);
      continue;
    }
    if (byId[table].has(id)) valid.set(claim.id, claim);
  }
  for (const claim of rows.claims) {
    for (const link of ["corroborates", "contradicts"] as const) {
      claim[link].forEach((other, j) => {
        const target = valid.get(other);
        if (other === claim.id) report([at(claim), link, j], `a claim cannot ${link.slice(0, -1)} itself`);
        else if (target && (JSON.stringify(target.subject) !== JSON.stringify(claim.subject) || target.field !== claim.field))
          report(
            [at(claim), link, j],
            `claim "${other}" is about another record or field: a claim ${link} claims about the same field of the same record`,
          );
      });
    }
  }
  for (const claim of valid.values()) {
    const { table, id } = subjectOf(claim);
    const row = byId[table].get(id) as unknown as Record<string, unknown>;
    const kind = specOf(table).claimed![claim.field]!;
    const value = row[claim.field];
    if (kind === "text") row[claim.field] = value ?? claim.text;
    else if (kind === "texts") (value as string[]).push(claim.text!);
    else if (kind === "refs") {
      const [, ref] = held(claim.entity!);
      if (!(value as string[]).includes(ref)) (value as string[]).push(ref);
    } else (value as object[]).push({ text: claim.text!, since: claim.date, citations: claim.citations });
  }
}

/** What is wrong with a claim's value for a field of this kind (`target`: the table a reference field points into). */
function valueProblem(claim: ClaimRecord, kind: ClaimedField, target: string | undefined): { at: string; reason: string } | null {
  if (kind === "refs") {
    const key = Object.entries(CLAIM_ENTITIES).find(([, table]) => table === target)?.[0];
    if (!claim.entity || !key || !(claim.entity as Record<string, string | undefined>)[key])
      return { at: "entity", reason: `"${claim.field}" holds ${target}: give the value as entity.${key}` };
    return null;
  }
  if (claim.text === null) return { at: "text", reason: `"${claim.field}" holds text: give the value as text` };
  if (kind === "characterizations" && (claim.assertion.by !== null || claim.assertion.modality !== "HAPPENED"))
    return {
      at: "assertion",
      reason:
        "a characterisation is the source's own words, of what is so (HAPPENED): a party's is a statement or a claim of another field",
    };
  return null;
}
