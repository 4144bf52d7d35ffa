/**
 * The catalogue of record kinds: which file holds them, the GraphQL type that
 * shows them, and their references to other kinds. References drive both the
 * start-up cross-checks (every reference resolves) and the store's indexes
 * (one index per reference, so relations are map look-ups, never scans).
 */
import type { z } from "zod";
import {
  CountryRecord,
  LeaderRecord,
  OrganizationRecord,
  SanctionRecord,
  SourceRecord,
  VisitRecord,
} from "./records";

export interface TableSpec {
  /** File under fixtures/, a JSON array of records. */
  file: string;
  /** The GraphQL object type that shows these records; also the prefix of their Node IDs. */
  typename: string;
  record: z.ZodType<{ id: string }>;
  /** Dotted path inside a record (arrays are walked through) -> the table it points into. */
  refs: Record<string, string>;
  /** Fields that identify a record as well as its id does (validated unique, indexed). */
  unique?: readonly string[];
}

export const TABLES = {
  sources: { file: "sources.json", typename: "Source", record: SourceRecord, refs: {} },
  countries: { file: "countries.json", typename: "Country", record: CountryRecord, refs: {}, unique: ["code"] },
  leaders: { file: "leaders.json", typename: "Leader", record: LeaderRecord, refs: { country: "countries" } },
  organizations: {
    file: "organizations.json",
    typename: "Organization",
    record: OrganizationRecord,
    refs: { country: "countries", members: "countries" },
  },
  visits: {
    file: "visits.json",
    typename: "Visit",
    record: VisitRecord,
    refs: {
      visitor: "leaders",
      visitingCountry: "countries",
      hostCountry: "countries",
      receivedBy: "leaders",
      meetings: "leaders",
    },
  },
  sanctions: {
    file: "sanctions.json",
    typename: "Sanction",
    record: SanctionRecord,
    refs: { imposer: "countries", target: "countries", "licenses.licensee": "organizations" },
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

// Every reference must point into a table of the catalogue.
type RefTargets = { [T in TableName]: (typeof TABLES)[T]["refs"][keyof (typeof TABLES)[T]["refs"]] }[TableName];
const _refsPointIntoTables: TableName = null as unknown as RefTargets;
void _refsPointIntoTables;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** A table's spec, widened to TableSpec so optional fields read uniformly. */
export function specOf(name: TableName): TableSpec {
  return TABLES[name];
}

/** A source as served: its record plus the text and sentences read from its file. */
export type SourceRow = z.infer<typeof SourceRecord> & { text: string; sentences: string[] };

export type Row<T extends TableName> = T extends "sources" ? SourceRow : z.infer<(typeof TABLES)[T]["record"]>;

export type RefPath<T extends TableName> = keyof (typeof TABLES)[T]["refs"] & string;

/** Every value at a dotted path, walking through arrays, with the JSON path of each. */
export function valuesAt(record: unknown, dotted: string): { value: string; path: (string | number)[] }[] {
  let frontier: { value: unknown; path: (string | number)[] }[] = [{ value: record, path: [] }];
  for (const key of dotted.split(".")) {
    const next: typeof frontier = [];
    for (const { value, path } of frontier) {
      if (value === null || typeof value !== "object") continue;
      const child = (value as Record<string, unknown>)[key];
      if (Array.isArray(child)) child.forEach((item, i) => next.push({ value: item, path: [...path, key, i] }));
      else next.push({ value: child, path: [...path, key] });
    }
    frontier = next;
  }
  return frontier.filter((v): v is { value: string; path: (string | number)[] } => typeof v.value === "string");
}
