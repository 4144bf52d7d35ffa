/**
 * Reads fixtures/ (the identity file and one file per source, see source-file.ts), validates
 * everything, and only then builds the store: nothing is served from half-valid data. Every
 * problem is reported with the file, its line and column, the JSON path and the reason, all of
 * them at once (the first MAX_ISSUES_PER_FILE of each file, and how many more).
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { DEFAULTS } from "../config";
import {
  Assertion,
  CLAIM_ENTITIES,
  CLAIM_SUBJECTS,
  LocalId,
  MAX_SOURCE_TEXT_BYTES,
  PARTY_TABLES,
  type Citation,
  type ClaimRecord,
  held,
  type Report as FieldReport,
  type Reports,
  IN_THE_SOURCE_VOICE,
  type Voice,
  voicesOf,
  VoiceStatement,
} from "./records";
import { checkSentences } from "./sentences";
import {
  ENTITY_FILES,
  ENTITY_KINDS,
  EntitiesFile,
  identityOf,
  SOURCE_FILES,
  SOURCES_DIR,
  SourceFile,
  SourceMetadata,
  shapeOf,
  voicedFields,
} from "./source-file";
import { FactStore } from "./store";
import { type Position, readStructuredFile } from "./structured-file";
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
  /** Path relative to the fixtures folder's parent, e.g. "fixtures/sources/raisi-venezuela-2023/source.yaml". */
  file: string;
  /** JSONPath of the offending value in that file, e.g. "$.visits.x.hostCountry"; "$" for the whole file (a source's text too). */
  path: string;
  reason: string;
  /** Where the path's node starts, from 1; absent when the file itself is at fault (missing, too large). */
  line?: number;
  column?: number;
}

export class FixtureError extends Error {
  constructor(readonly issues: FixtureIssue[]) {
    super(
      `${issues.length} fixture problem${issues.length === 1 ? "" : "s"}:\n` +
        issues.map((i) => `  ${i.file}${i.line === undefined ? "" : `:${i.line}:${i.column}`} ${i.path}: ${i.reason}`).join("\n"),
    );
    this.name = "FixtureError";
  }
}

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

/** Where a value was written: a file (relative to the fixtures folder) and the path in it. */
interface Origin {
  file: string;
  at: PropertyKey[];
}

/**
 * Where a record and each of its fields were stated: a field one source gave has one origin, a
 * list has one per item, since sources' lists are concatenated.
 */
interface Provenance {
  home: Origin;
  fields: ReadonlyMap<string, Origin | Origin[]>;
}

/** A record one source states: every path in it is a path under its statement. */
const NO_FIELDS: ReadonlyMap<string, Origin | Origin[]> = new Map();

type ReportAt = (row: object, segments: readonly PropertyKey[], reason: string) => void;
type Rows = { [T in TableName]: Row<T>[] };

/** A source's statement about one id: the raw value as written, checked alone, and where. */
interface Statement {
  value: Record<string, unknown>;
  origin: Origin;
  /** A problem was reported on it: the record it belongs to is not built, so none is reported twice. */
  broken: boolean;
  /** The voices it gives its values (`voices:`), by field, taken out of `value`. */
  voices?: Readonly<Record<string, VoiceStatement>>;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Loads and validates the fixtures in `dir`; throws FixtureError listing every problem. */
export function loadFacts(dir: string, { maxFileBytes = DEFAULTS.fixtureMaxBytes }: LoadOptions = {}): FactStore {
  const issues: FixtureIssue[] = [];
  const perFile = new Map<string, number>();
  const shown = (file: string) => path.join(path.basename(path.resolve(dir)), file);
  const locators: Locators = new Map();
  // A value checked through two paths of one record (a later source's citations, and its values' voice) is one problem.
  const reported = new Set<string>();
  const report = (file: string, segments: readonly PropertyKey[], reason: string, position?: Position) => {
    const key = `${file}\u0000${jsonPath(segments)}\u0000${reason}`;
    if (reported.has(key)) return;
    reported.add(key);
    const count = (perFile.get(file) ?? 0) + 1;
    perFile.set(file, count);
    if (count > MAX_ISSUES_PER_FILE) return;
    const at = position ?? locators.get(file)?.(segments);
    issues.push({ file: shown(file), path: jsonPath(segments), reason, ...(at && { line: at.line, column: at.column }) });
  };
  const provenance = new Map<object, Provenance>();
  const reportAt: ReportAt = (row, segments, reason) => {
    const { file, at } = placeOf(provenance.get(row)!, segments);
    report(file, at, reason);
  };

  // Ids of every record, valid or not, so one bad record does not also report each reference to it.
  const declared = Object.fromEntries(TABLE_NAMES.map((name) => [name, new Set<string>()])) as Record<TableName, Set<string>>;
  // Kinds whose declarations could not be read: references into them are not reported too, since each would only restate it.
  const unread = new Set<TableName>();
  const rows = Object.fromEntries(TABLE_NAMES.map((name) => [name, []])) as unknown as Rows;

  const identities = readEntities(dir, maxFileBytes, declared, unread, locators, report);
  declareLeadersAsPeople(declared, entitiesFileIn(dir), report);
  const { statements, sources, claims } = readSources(dir, maxFileBytes, declared, unread, locators, report);
  for (const source of sources) {
    rows.sources.push(source.row);
    provenance.set(source.row, { home: source.origin, fields: NO_FIELDS });
  }
  for (const claim of claims) {
    rows.claims.push(claim.row);
    provenance.set(claim.row, { home: claim.origin, fields: NO_FIELDS });
  }
  const entities = entitiesFileIn(dir);
  const sourceOf = new Map(sources.map(({ row, origin }) => [origin.file, row]));
  for (const kind of ENTITY_KINDS) {
    for (const [id, identity] of identities[kind]) {
      const stated = statements[kind].get(id);
      // Raw statements are let go as they are merged: the raw and the parsed records are not all held at once.
      statements[kind].delete(id);
      // An id no source speaks of is reported only when every source could be read.
      if (!stated && unread.has("sources")) continue;
      const merged = mergeStatements(entities, kind, id, identity, stated ?? [], sourceOf, locators, report);
      if (!merged) continue;
      const result = TABLES[kind].record.safeParse(merged.record);
      if (!result.success) {
        for (const issue of result.error.issues) {
          // An unknown field is placed where it was written, not at the record.
          const fields = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
          for (const field of fields) {
            const { file, at } = placeOf(merged.provenance, field);
            report(file, at, issue.code === "unrecognized_keys" ? `unknown field "${String(field.at(-1))}"` : issue.message);
          }
        }
        continue;
      }
      const reports = reportsIn(kind, stated ?? [], sourceOf, report);
      if (reports === null) continue;
      if (reports) Object.assign(result.data, { reports });
      const voices = voicesIn(kind, stated ?? [], (result.data as { assertion: Assertion }).assertion, sourceOf, report);
      if (voices === null) continue;
      (rows[kind] as object[]).push(result.data);
      if (voices.length === 0) provenance.set(result.data, merged.provenance);
      else {
        Object.assign(result.data, { voices: voices.map(({ voice }) => voice) });
        const fields = new Map([...merged.provenance.fields, ["voices", voices.map(({ origin }) => origin)]]);
        provenance.set(result.data, { home: merged.provenance.home, fields });
      }
    }
  }

  attachSourceTexts(dir, maxFileBytes, rows.sources, provenance, report, reportAt);
  checkReferences(rows, declared, unread, reportAt);
  checkCitations(rows, reportAt);
  checkAssertions(rows, declared, reportAt);
  checkStops(rows.visits, reportAt);
  fillClaimedFields(rows, reportAt);
  addPeopleInOffice(rows, entities, report);

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

type Report = (file: string, segments: readonly PropertyKey[], reason: string, position?: Position) => void;
type Locators = Map<string, (segments: readonly PropertyKey[]) => Position | undefined>;

/** Where a path into a merged record was written: the source, and the path in its file, that gave that value. */
function placeOf({ home, fields }: Provenance, segments: readonly PropertyKey[]): Origin {
  const [field, index, ...rest] = segments;
  const origin = typeof field === "string" ? fields.get(field) : undefined;
  if (Array.isArray(origin)) {
    const item = typeof index === "number" ? origin[index] : undefined;
    if (item) return { file: item.file, at: [...item.at, ...rest] };
    const first = origin[0];
    if (first) return { file: first.file, at: [...first.at.slice(0, -1), ...segments.slice(1)] };
  } else if (origin) return { file: origin.file, at: [...origin.at, ...segments.slice(1)] };
  return { file: home.file, at: [...home.at, ...segments] };
}

/** The first identity file there is, relative to the fixtures folder. */
function entitiesFileIn(dir: string): string {
  return ENTITY_FILES.find((file) => existsSync(path.join(dir, file))) ?? ENTITY_FILES[0];
}

/** Reads the identity file: every declared id of each kind, in order, with its identity fields where they are valid. */
function readEntities(
  dir: string,
  maxFileBytes: number,
  declared: Record<TableName, Set<string>>,
  unread: Set<TableName>,
  locators: Locators,
  report: Report,
): Record<TableName, Map<string, Record<string, unknown>>> {
  const identities = Object.fromEntries(TABLE_NAMES.map((name) => [name, new Map()])) as Record<
    TableName,
    Map<string, Record<string, unknown>>
  >;
  const file = entitiesFileIn(dir);
  const read = readStructuredFile(path.join(dir, file), maxFileBytes);
  if (read.problem !== undefined || !isObject(read.data)) {
    report(file, [], read.problem ?? "expected a map of kinds, each a map of ids (see docs/fixtures.md)", read.position);
    for (const kind of ENTITY_KINDS) unread.add(kind);
    return identities;
  }
  locators.set(file, read.locate);
  const data = read.data;
  for (const key of Object.keys(data)) {
    if (!(key in EntitiesFile.shape))
      report(file, [key], `unknown kind "${key}": the identity file declares ids of ${ENTITY_KINDS.join(", ")}`);
  }
  // Entry by entry rather than the whole file through EntitiesFile: the same checks, without a
  // copy of every declaration.
  for (const kind of ENTITY_KINDS) {
    const ids = data[kind];
    if (ids === undefined) continue;
    if (!isObject(ids)) {
      report(file, [kind], `expected a map of ${kind} ids, each to its identity or to nothing`);
      // A kind whose ids cannot be read: references to them are not reported too.
      unread.add(kind);
      continue;
    }
    const identity = identityOf(kind);
    // Identity fields that name one record only (a country's code, a Wikidata ID): the first id to give each value.
    const uniques = [...(specOf(kind).unique ?? []), ...(specOf(kind).keys ?? [])].map((field) => ({
      field,
      seen: new Map<unknown, string>(),
    }));
    for (const [id, value] of Object.entries(ids)) {
      declared[kind].add(id);
      const key = LocalId.safeParse(id);
      if (!key.success) report(file, [kind, id], key.error.issues[0]!.message);
      if (identity) {
        // An id with nothing after it has no identity fields: each is optional or reported as missing.
        const result = identity.safeParse(value ?? {});
        if (!result.success) for (const issue of result.error.issues) report(file, [kind, id, ...issue.path], issue.message);
        else if (key.success) {
          identities[kind].set(id, result.data as Record<string, unknown>);
          for (const { field, seen } of uniques) {
            const given = (result.data as Record<string, unknown>)[field];
            if (given === undefined || given === null) continue;
            const first = seen.get(given);
            if (first !== undefined)
              report(file, [kind, id, field], `duplicate ${field} ${JSON.stringify(given)} (first given to "${first}")`);
            else seen.set(given, id);
          }
        }
      } else if (value !== null) {
        report(
          file,
          [kind, id],
          `a ${TABLES[kind].typename} has nothing but its id here: what a source says of it goes in that source's file`,
        );
      } else if (key.success) identities[kind].set(id, {});
    }
  }
  return identities;
}

interface ReadSources {
  /** Per entity kind, per id: each source's statement about it, in source order. */
  statements: Record<TableName, Map<string, Statement[]>>;
  sources: { row: SourceRow; origin: Origin }[];
  claims: { row: ClaimRecord; origin: Origin }[];
}

/**
 * Reads every source's folder and checks each statement on its own. Sources are in the order they
 * were published (then of their ids), so what several sources state about one record reads as
 * its history of reports; a source whose metadata is invalid comes last.
 */
function readSources(
  dir: string,
  maxFileBytes: number,
  declared: Record<TableName, Set<string>>,
  unread: Set<TableName>,
  locators: Locators,
  report: Report,
): ReadSources {
  const out: ReadSources = {
    statements: Object.fromEntries(TABLE_NAMES.map((name) => [name, new Map()])) as ReadSources["statements"],
    sources: [],
    claims: [],
  };
  const entities = entitiesFileIn(dir);
  let folders: string[];
  try {
    folders = readdirSync(path.join(dir, SOURCES_DIR), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    report(SOURCES_DIR, [], "no sources folder: each source is a folder here, holding its source.yaml");
    return out;
  }
  const claimedAt = new Map<string, Origin>();
  for (const id of folders) {
    const folder = path.join(SOURCES_DIR, id);
    const file = path.join(folder, SOURCE_FILES.find((name) => existsSync(path.join(dir, folder, name))) ?? SOURCE_FILES[0]);
    declared.sources.add(id);
    if (!LocalId.safeParse(id).success) {
      report(folder, [], `a source's folder is named for its id: ${LocalId.safeParse(id).error!.issues[0]!.message}`);
      continue;
    }
    const read = readStructuredFile(path.join(dir, file), maxFileBytes);
    if (read.problem !== undefined || !isObject(read.data)) {
      report(file, [], read.problem ?? "expected a map: the source's fields, then what it states by kind", read.position);
      // What it states is unknown: its claims, and which declared ids no source speaks of.
      unread.add("claims");
      unread.add("sources");
      continue;
    }
    locators.set(file, read.locate);
    const data = read.data;
    for (const key of Object.keys(data)) {
      if (!(key in SourceFile.shape))
        report(
          file,
          [key],
          `unknown field "${key}": a source file holds its metadata, its sentences and kinds of record (${ENTITY_KINDS.join(", ")}, claims)`,
        );
    }

    // A citation in a source's file cites that source: it is written without one.
    for (const kind of [...ENTITY_KINDS, "claims"] as const)
      citeSource(data[kind], id, [kind], (at) =>
        report(file, [...at, "source"], "a citation in a source file cites that source: leave source out"),
      );

    // Unknown fields are reported above, once.
    const metadata = Object.fromEntries(Object.entries(data).filter(([key]) => key in SourceMetadata.shape));
    const source = SourceMetadata.safeParse(metadata);
    if (!source.success) for (const issue of source.error.issues) report(file, issue.path, issue.message);
    else if ((metadata.text === undefined) === (metadata.textFile === undefined))
      report(file, ["textFile"], "give the source's text as textFile (a file beside this one) or as text, exactly one of them");
    else {
      const row = { id, ...source.data, text: source.data.text ?? "", sentenceCount: 0 } as unknown as SourceRow;
      out.sources.push({ row, origin: { file, at: [] } });
    }

    for (const kind of ENTITY_KINDS) {
      const stated = data[kind];
      if (stated === undefined) continue;
      if (!isObject(stated)) {
        report(file, [kind], `expected a map of ${kind} ids, each to what this source states about it`);
        continue;
      }
      const identity = Object.keys(identityOf(kind)?.shape ?? {});
      const claimed = Object.keys(specOf(kind).claimed ?? {});
      for (const [entity, value] of Object.entries(stated)) {
        const at = [kind, entity];
        if (!declared[kind].has(entity)) {
          if (!unread.has(kind))
            report(file, at, `unknown ${kind} id "${entity}": declare it in ${entities} first (a typo, or an entity not yet declared)`);
          continue;
        }
        const list = out.statements[kind].get(entity) ?? [];
        out.statements[kind].set(entity, list);
        if (!isObject(value)) {
          report(file, at, `expected what this source states about ${kind} "${entity}": its fields and citations`);
          list.push({ value: {}, origin: { file, at }, broken: true });
          continue;
        }
        let broken = false;
        for (const field of identity.filter((f) => f in value)) {
          report(
            file,
            [...at, field],
            `${field} is the identity of ${kind} "${entity}", declared once, in ${entities}: no source states it`,
          );
          broken = true;
        }
        for (const field of claimed.filter((f) => f in value)) {
          report(file, [...at, field], `not stated here: each value is a claim about the record, under claims:, which says who asserts it`);
          broken = true;
        }
        if ("id" in value) {
          report(file, [...at, "id"], "the id is the key this statement is under: leave id out");
          broken = true;
        }
        if (!Array.isArray(value.citations) || value.citations.length === 0) {
          report(file, [...at, "citations"], "every statement cites the source: give at least one citation (sentence and quote)");
          broken = true;
        }
        const voices = readVoices(kind, value, file, at, report);
        // Its fields are checked on the merged record (below), each problem placed where its value was written.
        list.push({ value, origin: { file, at }, broken: broken || voices === null, ...(voices && { voices }) });
      }
    }

    const stated = data.claims;
    if (stated !== undefined && !isObject(stated)) report(file, ["claims"], "expected a map of claim ids, each to the claim");
    else if (stated) {
      for (const [claim, value] of Object.entries(stated)) {
        const at = ["claims", claim];
        const first = claimedAt.get(claim);
        declared.claims.add(claim);
        if (first) {
          report(file, at, `duplicate claim id "${claim}" (first in ${first.file}): a claim's id is unique across sources`);
          continue;
        }
        claimedAt.set(claim, { file, at });
        if (!LocalId.safeParse(claim).success) {
          report(file, at, LocalId.safeParse(claim).error!.issues[0]!.message);
          continue;
        }
        if (isObject(value) && "id" in value) {
          report(file, [...at, "id"], "the id is the key this claim is under: leave id out");
          continue;
        }
        const result = TABLES.claims.record.safeParse(isObject(value) ? { id: claim, ...value } : value);
        if (!result.success) for (const issue of result.error.issues) report(file, [...at, ...issue.path], issue.message);
        else out.claims.push({ row: result.data as ClaimRecord, origin: { file, at } });
      }
    }
  }
  const published = new Map(out.sources.map(({ row, origin }) => [origin.file, `${row.publishedOn.iso}\u0000${row.id}`]));
  const order = (a: Origin, b: Origin) => {
    const [x, y] = [published.get(a.file) ?? "\uffff", published.get(b.file) ?? "\uffff"];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  out.sources.sort((a, b) => order(a.origin, b.origin));
  out.claims.sort((a, b) => order(a.origin, b.origin));
  for (const byId of Object.values(out.statements)) for (const list of byId.values()) list.sort((a, b) => order(a.origin, b.origin));
  return out;
}

/**
 * Gives every citation in a source file's part, however deep, the source's id; `written` is told
 * the path of one that names a source itself. One path array, grown and shrunk in place: a large
 * fixture has hundreds of thousands of nodes.
 */
function citeSource(
  value: unknown,
  source: string,
  at: PropertyKey[],
  written: (at: PropertyKey[]) => void,
  cited = new WeakSet<object>(),
): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      citeSource(value[i], source, at, written, cited);
      at.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      at.push(key);
      if (key === "citations" && Array.isArray(child)) {
        child.forEach((citation, i) => {
          // A YAML alias is the citation it names: given its source once, not reported as naming one.
          if (!isObject(citation) || cited.has(citation)) return;
          if ("source" in citation) written([...at, i]);
          citation.source = source;
          cited.add(citation);
        });
      } else citeSource(child, source, at, written, cited);
      at.pop();
    }
  }
}

/**
 * One record from every source's statement about an id, in source order, with where each value
 * came from. A field that changes over time (tables.ts `reported`) takes the latest source's
 * value, and its assertion goes with it; two sources of one day that differ on it are a problem.
 * Otherwise the record's assertion is the first statement's (voicesIn keeps any other's as the
 * voice of its values). Any other field that is not a list takes one value: two sources that
 * differ on it are a problem naming both. Lists concatenate, each value once. Null when a
 * statement is broken (already reported) or none was made.
 */
function mergeStatements(
  entities: string,
  kind: TableName,
  id: string,
  identity: Record<string, unknown>,
  statements: readonly Statement[],
  sourceOf: ReadonlyMap<string, SourceRow>,
  locators: Locators,
  report: Report,
): { record: Record<string, unknown>; provenance: Provenance } | null {
  if (statements.length === 0) {
    report(entities, [kind, id], `${kind} "${id}" is declared, but no source states anything about it`);
    return null;
  }
  if (statements.some((s) => s.broken)) return null;
  // One source's statement is the record as written: every path in it is a path in that file.
  const only = statements.length === 1 && Object.keys(identity).length === 0 ? statements[0]! : undefined;
  if (only) return { record: Object.assign(only.value, { id }), provenance: { home: only.origin, fields: NO_FIELDS } };
  const record: Record<string, unknown> = { id, ...identity };
  const fields = new Map<string, Origin | Origin[]>();
  for (const field of Object.keys(identity)) fields.set(field, { file: entities, at: [kind, id, field] });
  const reported = specOf(kind).reported ?? {};
  const dayOf = (file: string) => sourceOf.get(file)?.publishedOn.iso;
  for (const [index, { value, origin }] of statements.entries()) {
    // The record's assertion is the first statement's, or the latest report's: the earlier one's was
    // about the earlier value. Any other statement's is the voice of its own values (voicesIn).
    const voiceOfRecord = index === 0 || Object.keys(reported).some((field) => field in value);
    if (voiceOfRecord) {
      delete record.assertion;
      fields.delete("assertion");
    }
    for (const [field, stated] of Object.entries(value)) {
      const at = [...origin.at, field];
      if (field === "assertion" && !voiceOfRecord) continue;
      if (field in reported && field in record) {
        const first = fields.get(field) as Origin;
        if (dayOf(first.file) === dayOf(origin.file) && JSON.stringify(record[field]) !== JSON.stringify(stated)) {
          const line = locators.get(first.file)?.(first.at)?.line;
          report(
            origin.file,
            at,
            `${first.file}${line === undefined ? "" : `:${line}`}, published the same day, states ${JSON.stringify(record[field])}, this source ${JSON.stringify(stated)}: reports of one day must agree`,
          );
        }
        record[field] = stated;
        fields.set(field, { file: origin.file, at });
      } else if (Array.isArray(stated)) {
        const list = record[field] as unknown[] | undefined;
        const known = fields.get(field);
        if (list === undefined || known === undefined) {
          // One source's list: item i was written at the list's path and i, no origin per item needed.
          record[field] = [...stated];
          fields.set(field, { file: origin.file, at });
          continue;
        }
        const origins = Array.isArray(known) ? known : list.map((_, i) => ({ file: known.file, at: [...known.at, i] }));
        const seen = new Set(list.map((item) => JSON.stringify(item)));
        stated.forEach((item, i) => {
          if (seen.has(JSON.stringify(item))) return;
          list.push(item);
          origins.push({ file: origin.file, at: [...at, i] });
        });
        fields.set(field, origins);
      } else if (field in record && JSON.stringify(record[field]) !== JSON.stringify(stated)) {
        const first = fields.get(field) as Origin;
        const line = locators.get(first.file)?.(first.at)?.line;
        report(
          origin.file,
          at,
          `${first.file}${line === undefined ? "" : `:${line}`} states ${JSON.stringify(record[field])}, this source ${JSON.stringify(stated)}: sources may differ only on lists for now`,
        );
      } else if (!(field in record)) {
        record[field] = stated;
        fields.set(field, { file: origin.file, at });
      }
    }
  }
  return { record, provenance: { home: statements[0]!.origin, fields } };
}

/**
 * The reports of each field of `kind` that changes over time: one per statement that gives it,
 * oldest first, each with its source, date, citations and assertion. Undefined for a kind
 * without such fields; null when a report's value is invalid (reported at its statement).
 */
function reportsIn(
  kind: TableName,
  statements: readonly Statement[],
  sourceOf: ReadonlyMap<string, SourceRow>,
  report: Report,
): Reports | undefined | null {
  const reported = specOf(kind).reported;
  if (!reported) return undefined;
  const shape = shapeOf(TABLES[kind].record);
  const reports: Record<string, FieldReport[]> = {};
  let valid = true;
  for (const [field, assertionOf] of Object.entries(reported)) {
    reports[field] = [];
    for (const { value, origin } of statements) {
      const source = sourceOf.get(origin.file);
      if (!(field in value) || !source) continue;
      const parsed = shape[field]!.safeParse(value[field]);
      const assertion = value.assertion === undefined ? undefined : Assertion.safeParse(value.assertion);
      // The merged record reports the latest value's problems; an earlier one's are reported here.
      if (!parsed.success) {
        if (value !== [...statements].reverse().find((s) => field in s.value)?.value)
          for (const issue of parsed.error.issues) report(origin.file, [...origin.at, field, ...issue.path], issue.message);
        valid = false;
        continue;
      }
      if (assertion && !assertion.success) continue;
      reports[field].push({
        value: parsed.data,
        source: source.id,
        reportedOn: source.publishedOn,
        citations: value.citations as Citation[],
        assertion: assertion?.data ?? assertionOf(parsed.data as never),
      });
    }
  }
  return valid ? reports : null;
}

/**
 * Takes a statement's `voices:` out of it and checks it: each key a field of the kind that may have
 * a voice of its own (source-file.ts `voicedFields`) and that this statement gives, each voice an
 * assertion with its citations. Undefined when it gives none; null when one is wrong (reported).
 */
function readVoices(
  kind: TableName,
  value: Record<string, unknown>,
  file: string,
  at: readonly PropertyKey[],
  report: Report,
): Record<string, VoiceStatement> | undefined | null {
  if (!("voices" in value)) return undefined;
  const given = value.voices;
  delete value.voices;
  const where = [...at, "voices"];
  if (!isObject(given)) {
    report(file, where, "expected a map of this record's fields, each to the voice of its value (assertion and citations)");
    return null;
  }
  const spec = specOf(kind);
  const voiced = voicedFields(kind);
  const voices: Record<string, VoiceStatement> = {};
  let valid = true;
  for (const [field, voice] of Object.entries(given)) {
    const problem =
      field in (spec.claimed ?? {})
        ? `"${field}" is a claimed field: each of its values is a claim, under claims:, with its own assertion`
        : field in (spec.reported ?? {})
          ? `"${field}" changes over time: its report is in this statement's voice, its assertion`
          : field === "assertion" || field === "citations"
            ? `"${field}" is not a value: this statement's assertion is the voice of its values, and each voice has its own citations`
            : !voiced.includes(field)
              ? `${spec.typename} has no field "${field}" that a voice may be given (its fields: ${voiced.join(", ")})`
              : !(field in value)
                ? `a voice is the voice of a value this statement gives: state ${field} here too`
                : null;
    if (problem) {
      report(file, [...where, field], problem);
      valid = false;
      continue;
    }
    const parsed = VoiceStatement.safeParse(voice);
    if (parsed.success) voices[field] = parsed.data;
    else {
      for (const issue of parsed.error.issues) report(file, [...where, field, ...issue.path], issue.message);
      valid = false;
    }
  }
  return valid ? voices : null;
}

/** Who asserts, apart from how: the party, the words and the statement. */
const whoAsserts = (a: Assertion) => JSON.stringify([a.by, a.verb, a.statement]);

/**
 * The voices of a record's values, in source order, each with where it was written: every voice a
 * statement gives (`voices:`), and each value of a statement whose assertion is not the record's
 * (`own`: the first statement's, or the latest report's), in that statement's voice. A statement
 * that reports a field with no assertion of its own differs from the record only if who asserts
 * differs: its modality is its report's. Null when a statement's assertion is invalid (reported).
 */
function voicesIn(
  kind: TableName,
  statements: readonly Statement[],
  own: Assertion,
  sourceOf: ReadonlyMap<string, SourceRow>,
  report: Report,
): { voice: Voice; origin: Origin }[] | null {
  const reported = specOf(kind).reported ?? {};
  const out: { voice: Voice; origin: Origin }[] = [];
  let valid = true;
  for (const { value, origin, voices } of statements) {
    const source = sourceOf.get(origin.file);
    if (!source) continue;
    const add = (field: string, assertion: Assertion, citations: Citation[], at: PropertyKey[]) =>
      out.push({
        voice: { field, assertion, source: source.id, reportedOn: source.publishedOn, citations },
        origin: { file: origin.file, at },
      });
    for (const [field, voice] of Object.entries(voices ?? {}))
      add(field, voice.assertion, voice.citations, [...origin.at, "voices", field]);
    if (statements.length === 1) continue;
    const given = value.assertion === undefined ? undefined : Assertion.safeParse(value.assertion);
    if (given && !given.success) {
      for (const issue of given.error.issues) report(origin.file, [...origin.at, "assertion", ...issue.path], issue.message);
      valid = false;
      continue;
    }
    const reports = Object.keys(reported).find((field) => field in value);
    const assertion = given?.data ?? (reports ? reported[reports]!(value[reports] as never) : IN_THE_SOURCE_VOICE);
    const differs = whoAsserts(assertion) !== whoAsserts(own) || ((given || !reports) && assertion.modality !== own.modality);
    if (!differs) continue;
    const fields = Object.keys(value).filter(
      (field) => field !== "citations" && field !== "assertion" && !(field in reported) && !(voices && field in voices),
    );
    // An assertion with no value to be the voice of would be read nowhere, its party never checked.
    if (fields.length === 0 && given) {
      report(
        origin.file,
        [...origin.at, "assertion"],
        "this source states no value of the record for this assertion to be the voice of (the record's is its first source's): state the values it asserts, or leave assertion out",
      );
      valid = false;
    }
    for (const field of fields) add(field, assertion, value.citations as Citation[], origin.at);
  }
  return valid ? out : null;
}

/** Reads each source's text; a text that cannot be read is reported on its own file, and its sentences are not checked. */
function attachSourceTexts(
  dir: string,
  maxFileBytes: number,
  sources: SourceRow[],
  provenance: ReadonlyMap<object, Provenance>,
  report: Report,
  reportAt: ReportAt,
): void {
  for (const source of sources) {
    source.sentenceCount = source.sentences.length;
    const written = source as SourceRow & { textFile?: string };
    if (written.textFile !== undefined) {
      const file = path.join(path.dirname(provenance.get(source)!.home.file), written.textFile);
      const read = readTextFile(path.join(dir, file), maxFileBytes);
      if (read.problem !== undefined) {
        source.text = "";
        report(file, [], `${read.problem} (the text of source "${source.id}", its textFile)`);
        continue;
      }
      source.text = read.text.trim();
    }
    const textField = written.textFile !== undefined ? "textFile" : "text";
    for (const [field, value] of [
      [textField, source.text],
      ["sentences", source.sentences],
    ] as const) {
      const bytes = Buffer.byteLength(JSON.stringify(value));
      if (bytes > MAX_SOURCE_TEXT_BYTES) {
        reportAt(
          source,
          [field],
          `${bytes} bytes in an answer, over the ${MAX_SOURCE_TEXT_BYTES} the cost model prices a source's ${field === "sentences" ? "sentences" : "text"} at: split the source in two`,
        );
      }
    }
    for (const { index, reason } of checkSentences(source.text, source.sentences)) {
      const listed = index < source.sentences.length;
      reportAt(source, listed ? ["sentences", index] : ["sentences"], listed ? `sentence ${index + 1}: ${reason}` : reason);
    }
  }
}

function checkReferences(rows: Rows, ids: Record<TableName, Set<string>>, unread: ReadonlySet<TableName>, reportAt: ReportAt): void {
  for (const name of TABLE_NAMES) {
    const { refs } = TABLES[name];
    for (const row of rows[name]) {
      // An assertion's party and statement too, which every table's records may hold (each path once).
      // And each earlier report's assertion, which the record no longer holds.
      const reported = Object.keys(specOf(name).reported ?? {}).flatMap((field) =>
        Object.entries(ASSERTION_REFS).map(([ref, target]) => [`reports.${field}.${ref}`, target]),
      );
      const voiced = Object.entries(ASSERTION_REFS).map(([ref, target]) => [`voices.${ref}`, target]);
      for (const [refPath, target] of [...Object.entries({ ...ASSERTION_REFS, ...refs }), ...reported, ...voiced] as [
        string,
        TableName,
      ][]) {
        for (const { value, path: where } of valuesAt(row, refPath)) {
          if (!ids[target].has(value) && !unread.has(target))
            reportAt(
              row,
              where,
              `unknown ${target} id "${value}"${ENTITY_KINDS.includes(target) ? " (declare it in the identity file, entities.yaml)" : ""}`,
            );
        }
      }
    }
  }
}

/** Every citation anywhere in a record names a known source, a sentence it has, and a quote verbatim in it. */
function checkCitations(rows: Rows, reportAt: ReportAt): void {
  const sources = new Map(rows.sources.map((s) => [s.id, s]));
  for (const name of TABLE_NAMES) {
    for (const row of rows[name]) {
      for (const { citation, at: where } of citationsIn(row)) {
        // A report's citations are its statement's, which the record's own hold and are checked there.
        if (where[0] === "reports") continue;
        const source = sources.get(citation.source);
        // A source whose file has a problem is reported there: its citations are not checked.
        if (!source) continue;
        const sentence = source.sentences[citation.sentence - 1];
        if (sentence === undefined) {
          reportAt(row, [...where, "sentence"], `source "${source.id}" has ${source.sentences.length} sentences, not ${citation.sentence}`);
        } else if (!sentence.includes(citation.quote)) {
          reportAt(
            row,
            [...where, "quote"],
            `quote is not verbatim in sentence ${citation.sentence} of "${source.id}": ${JSON.stringify(citation.quote)}`,
          );
        }
      }
    }
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
function checkAssertions(rows: Rows, ids: Record<TableName, Set<string>>, reportAt: ReportAt): void {
  const statements = new Map(rows.statements.map((s) => [s.id, s]));
  for (const name of TABLE_NAMES) {
    for (const row of rows[name]) {
      const own = (row as { assertion?: Assertion }).assertion;
      const voices = voicesOf(row).map(({ assertion }, i) => ({ assertion, at: ["voices", i, "assertion"] }));
      for (const { assertion, at } of [...(own ? [{ assertion: own, at: ["assertion"] }] : []), ...voices]) {
        const statement = assertion.statement ? statements.get(assertion.statement) : undefined;
        if (!assertion.by || !statement) continue;
        const known = (Object.entries(assertion.by) as [keyof typeof PARTY_TABLES, string][]).every(([key, id]) =>
          ids[PARTY_TABLES[key]].has(id),
        );
        if (known && JSON.stringify(statement.speaker) !== JSON.stringify(assertion.by))
          reportAt(
            row,
            [...at, "statement"],
            `statement "${statement.id}" was made by another party than the one the assertion names (by)`,
          );
      }
    }
  }
}

/** A tour's stops have distinct numbers. */
function checkStops(visits: Row<"visits">[], reportAt: ReportAt): void {
  const seen = new Map<string, Row<"visits">>();
  for (const visit of visits) {
    if (visit.stopNumber === null) continue;
    const key = `${visit.tour}#${visit.stopNumber}`;
    const first = seen.get(key);
    if (first) reportAt(visit, ["stopNumber"], `tour "${visit.tour}" already has stop ${visit.stopNumber}: "${first.id}"`);
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
 * claimed fields of the records from their claims, in source order. Runs after the
 * references are checked: a claim whose subject is unknown is already reported.
 */
function fillClaimedFields(rows: Rows, reportAt: ReportAt): void {
  const byId = Object.fromEntries(TABLE_NAMES.map((name) => [name, new Map(rows[name].map((row) => [row.id, row]))])) as {
    [T in TableName]: Map<string, Row<T>>;
  };
  const valid = new Map<string, ClaimRecord>();
  for (const claim of rows.claims) {
    const { table, id } = subjectOf(claim);
    const kind: ClaimedField | undefined = specOf(table).claimed?.[claim.field];
    if (!kind) {
      const fields = Object.keys(specOf(table).claimed ?? {});
      reportAt(
        claim,
        ["field"],
        `${TABLES[table].typename} has no claimed field "${claim.field}"${fields.length ? ` (its claimed fields: ${fields.join(", ")})` : ""}`,
      );
      continue;
    }
    const problem = valueProblem(claim, kind, specOf(table).refs[claim.field]);
    if (problem) {
      reportAt(claim, [problem.at], problem.reason);
      continue;
    }
    if (byId[table].has(id)) valid.set(claim.id, claim);
  }
  for (const claim of rows.claims) {
    for (const link of ["corroborates", "contradicts"] as const) {
      claim[link].forEach((other, j) => {
        const target = valid.get(other);
        if (other === claim.id) reportAt(claim, [link, j], `a claim cannot ${link.slice(0, -1)} itself`);
        else if (target && (JSON.stringify(target.subject) !== JSON.stringify(claim.subject) || target.field !== claim.field))
          reportAt(
            claim,
            [link, j],
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

/**
 * Every leader is a person, under the leader's id, so a reference to a person may name a leader (a
 * visit's visitor). The identity file declaring a person under a leader's id is refused: it is that person already.
 */
function declareLeadersAsPeople(declared: Record<TableName, Set<string>>, entities: string, report: Report): void {
  for (const id of declared.people) {
    if (declared.leaders.has(id))
      report(
        entities,
        ["people", id],
        `"${id}" is declared a leader, and every leader is a person already: declare them once, as a leader`,
      );
  }
  for (const id of declared.leaders) declared.people.add(id);
}

/**
 * Every leader is also a person, under the leader's id: a person holding an office, whose one role
 * is the office (its title and country) with the leader's citations. A person given a leader's
 * Wikidata ID is refused: it is that person already.
 */
function addPeopleInOffice(rows: Rows, entities: string, report: Report): void {
  const wikidataIds = new Map(rows.leaders.filter((l) => l.wikidataId !== null).map((l) => [l.wikidataId, l.id]));
  for (const person of rows.people) {
    const leader = person.wikidataId === null ? undefined : wikidataIds.get(person.wikidataId);
    if (leader !== undefined)
      report(
        entities,
        ["people", person.id, "wikidataId"],
        `duplicate wikidataId "${person.wikidataId}" (first given to the leader "${leader}")`,
      );
    Object.assign(person, { leader: null });
  }
  const inOffice = rows.leaders.map(
    (leader): Row<"people"> => ({
      id: leader.id,
      wikidataId: leader.wikidataId,
      name: leader.name,
      description: null,
      roles: [{ title: leader.role, affiliation: null, country: leader.country, citations: leader.citations }],
      assertion: leader.assertion,
      citations: leader.citations,
      leader: leader.id,
    }),
  );
  rows.people.unshift(...inOffice);
}

/** What is wrong with a claim's value/** What is wrong with a claim's value for a field of this kind (`target`: the table a reference field points into). */
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
