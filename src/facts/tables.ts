/**
 * The catalogue of record kinds: the record each one's statements make, the
 * GraphQL type that shows them, and their references to other kinds. References drive both the
 * start-up cross-checks (every reference resolves) and the store's indexes
 * (one index per reference, so relations are map look-ups, never scans).
 */
import type { z } from "zod";
import {
  type Assertion,
  AccusationRecord,
  AgreementRecord,
  CLAIM_ENTITIES,
  CLAIM_SUBJECTS,
  ClaimRecord,
  IN_THE_SOURCE_VOICE,
  PARTY_TABLES,
  EventRecord,
  RelationshipRecord,
  ShipmentRecord,
  StatementRecord,
  TourRecord,
  CountryRecord,
  LeaderRecord,
  OrganizationRecord,
  PersonRecord,
  SanctionRecord,
  SourceRecord,
  statusAssertion,
  VisitRecord,
} from "./records";

export interface TableSpec {
  /** The GraphQL object type that shows these records; also the prefix of their Node IDs. */
  typename: string;
  record: z.ZodType<{ id: string }>;
  /** Dotted path inside a record (arrays are walked through) -> the table it points into. */
  refs: Record<string, string>;
  /** Fields that identify a record as well as its id does (validated unique, indexed), which filters take in place of a Node ID. */
  unique?: readonly string[];
  /**
   * Fields besides the Node ID that other subgraphs may join on: federation keys, which
   * `_entities` resolves. Each is validated unique and indexed; a record may leave one null.
   */
  keys?: readonly string[];
  /** Fields holding the record's names (a string or a list), which `search` matches; first is the primary name. */
  names?: readonly string[];
  /**
   * Fields whose values are claims: a source never states them in the record, only as claims
   * (under `claims:`) about it, each with who asserts it and its modality. Start-up fills them from
   * the claims, in source order: one text, a list of texts, references (`refs` says to what),
   * or characterisations (in the source's own voice only).
   */
  claimed?: Readonly<Record<string, ClaimedField>>;
  /**
   * Fields that change over time: each source's value is a report as of the day it was published,
   * kept in the record's `reports` with its source, citations and assertion, and the field answers
   * the latest. Each names the assertion a value has when its statement gives none.
   */
  reported?: Readonly<Record<string, (value: never) => Assertion>>;
  /** Which records `search` finds, where not every one: a person in office is found as their Leader. */
  searched?: (row: never) => boolean;
}

export type ClaimedField = "text" | "texts" | "refs" | "characterizations";

/** `{ leader: "leaders" }` under `speaker` as refs: `{ "speaker.leader": "leaders" }`. */
const keyed = <P extends string, T extends Record<string, string>>(prefix: P, tables: T) =>
  Object.fromEntries(Object.entries(tables).map(([key, table]) => [`${prefix}.${key}`, table])) as {
    [K in keyof T & string as `${P}.${K}`]: T[K];
  };

/**
 * The references any record's `assertion` may hold: checked at load (load.ts) for every table,
 * indexed only where a table lists them in its `refs` (a claim's statement).
 */
export const ASSERTION_REFS = { ...keyed("assertion.by", PARTY_TABLES), "assertion.statement": "statements" } as const;

export const TABLES = {
  sources: { typename: "Source", record: SourceRecord, refs: {} },
  countries: {
    typename: "Country",
    record: CountryRecord,
    refs: {},
    unique: ["code"],
    keys: ["wikidataId"],
    names: ["name", "aliases", "code"],
  },
  leaders: {
    typename: "Leader",
    record: LeaderRecord,
    refs: { country: "countries" },
    keys: ["wikidataId"],
    names: ["name"],
    reported: { current: () => IN_THE_SOURCE_VOICE },
  },

  organizations: {
    typename: "Organization",
    record: OrganizationRecord,
    refs: { country: "countries", members: "countries" },
    keys: ["wikidataId"],
    names: ["name", "aliases"],
  },
  visits: {
    typename: "Visit",
    record: VisitRecord,
    refs: {
      visitor: "people",
      visitingCountry: "countries",
      hostCountry: "countries",
      receivedBy: "leaders",
      meetings: "leaders",
      invitedBy: "countries",
      tour: "tours",
    },
    claimed: {
      purpose: "text",
      topics: "texts",
      invitation: "text",
      invitedBy: "refs",
      meetings: "refs",
      characterizations: "characterizations",
    },
    reported: { status: statusAssertion },
  },
  sanctions: {
    typename: "Sanction",
    record: SanctionRecord,
    refs: {
      imposer: "countries",
      target: "countries",
      "licenses.licensee": "organizations",
      "licenses.grantedAfter": "events",
    },
    reported: { state: () => IN_THE_SOURCE_VOICE },
  },
  tours: {
    typename: "Tour",
    record: TourRecord,
    refs: { traveler: "leaders" },
    names: ["name"],
    claimed: { purpose: "text" },
  },
  relationships: {
    typename: "Relationship",
    record: RelationshipRecord,
    refs: { countries: "countries", counterpart: "countries" },
  },
  agreements: {
    typename: "Agreement",
    record: AgreementRecord,
    refs: { parties: "countries", signedBy: "leaders", signedDuring: "visits" },
    names: ["name"],
  },
  events: {
    typename: "Event",
    record: EventRecord,
    refs: { countries: "countries", causes: "events", increasedBy: "events" },
    names: ["name", "aliases"],
  },
  shipments: {
    typename: "Shipment",
    record: ShipmentRecord,
    refs: { sender: "countries", recipient: "countries" },
  },
  statements: {
    typename: "Statement",
    record: StatementRecord,
    refs: {
      "speaker.leader": "leaders",
      "speaker.country": "countries",
      "speaker.organization": "organizations",
      "speaker.person": "people",
      "audience.leader": "leaders",
      "audience.country": "countries",
      "audience.organization": "organizations",
      "audience.person": "people",
      aboutTour: "tours",
      aboutVisit: "visits",
    },
  },
  accusations: {
    typename: "Accusation",
    record: AccusationRecord,
    refs: { accuser: "countries", accused: "countries" },
  },
  people: {
    typename: "Person",
    record: PersonRecord,
    refs: { "roles.affiliation": "organizations", "roles.country": "countries" },
    keys: ["wikidataId"],
    names: ["name"],
    searched: (person: PersonRow) => person.leader === null,
  },
  claims: {
    typename: "Claim",
    record: ClaimRecord,
    refs: {
      ...keyed("subject", CLAIM_SUBJECTS),
      ...keyed("entity", CLAIM_ENTITIES),
      "assertion.statement": "statements",
      corroborates: "claims",
      contradicts: "claims",
    },
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

/**
 * A catalogue of tables: the served one is TABLES. The store, Node IDs, search and
 * `_entities` read the catalogue their store was built from, so a test can add a table.
 */
export type Catalogue = Readonly<Record<string, TableSpec>>;

// Every reference must point into a table of the catalogue.
type RefTargets = { [T in TableName]: (typeof TABLES)[T]["refs"][keyof (typeof TABLES)[T]["refs"]] }[TableName];
const _refsPointIntoTables: TableName = null as unknown as RefTargets;
void _refsPointIntoTables;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** A table's spec, widened to TableSpec so optional fields read uniformly. */
export function specOf(name: TableName): TableSpec {
  return TABLES[name];
}

/** A source as served: its record plus the text read from its file. */
export type SourceRow = z.infer<typeof SourceRecord> & { text: string; sentenceCount: number };

/**
 * A person as served: every leader is also a person, with the leader's id (`leader`), built at
 * load from the leader's record; a person the identity file declares has none.
 */
export type PersonRow = z.infer<typeof PersonRecord> & { leader: string | null };

export type Row<T extends TableName> = T extends "sources"
  ? SourceRow
  : T extends "people"
    ? PersonRow
    : z.infer<(typeof TABLES)[T]["record"]>;

export type RefPath<T extends TableName> = keyof (typeof TABLES)[T]["refs"] & string;

/** Every value at a dotted path, walking through arrays, with the JSON path of each. */
export function valuesAt(record: unknown, dotted: string): { value: string; path: (string | number)[] }[] {
  let frontier: { value: unknown; path: (string | number)[] }[] = [{ value: record, path: [] }];
  for (const key of dotted.split(".")) {
    const next: typeof frontier = [];
    for (const { value, path } of frontier) {
      if (value === null || typeof value !== "object") continue;
      const child = (value as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const [i, item] of child.entries()) next.push({ value: item, path: [...path, key, i] });
      } else next.push({ value: child, path: [...path, key] });
    }
    frontier = next;
  }
  return frontier.filter((v): v is { value: string; path: (string | number)[] } => typeof v.value === "string");
}
