/**
 * The records of the store, validated with zod: what the sources' statements about one id merge
 * into (source-file.ts says how they are written). Shapes only; cross-record checks (references,
 * quotes) live in load.ts.
 */
import { z } from "zod";
import { parsePartialDate } from "./dates";
import { endsInAbbreviation } from "./sentences";

// zod compiles a fast path per object schema (with `new Function`) on its first parse: at start-up,
// on the few hundred records a source has, that took longer than parsing them all without it
// (docs/performance.md). The process parses records only at start-up, so it never gets to use it.
z.config({ jitless: true });

/** A record's own id: stable, lower-case, readable; the public Node ID is derived from it. */
export const LocalId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens, e.g. "ebrahim-raisi"');

const Text = z.string().trim().min(1, "must not be empty");

/**
 * True when a quote ends in punctuation that belongs to the sentence around it, not to the claim:
 * a comma, semicolon or colon, or a full stop that does not close an abbreviation ("U.S.", "a.m.", "Inc.").
 */
export function endsInSentencePunctuation(quote: string): boolean {
  return /[,;:]$/.test(quote) || (/\.$/.test(quote) && !endsInAbbreviation(quote) && !/\.\.\.$/.test(quote));
}

/** True when a quote leaves words out, as the source marks it: an ellipsis between words ("developed... in"). */
export function elidesWords(quote: string): boolean {
  return /\S\s*(?:\.\.\.|…)\s*\S/u.test(quote);
}

/** Words quoted verbatim from a source, without the sentence's punctuation around them. */
const Quote = Text.refine((quote) => !endsInSentencePunctuation(quote), {
  message: "ends in punctuation of the sentence, not of the claim: leave the final comma, semicolon, colon or full stop out",
});

/**
 * The size the API's cost model counts a plain (not paged) list at. Fixtures do not cap lists: a
 * record's lists grow with the sources that speak of it, until each is served as a connection.
 */
export const MAX_LIST_ITEMS = 10;

/**
 * The most bytes a source's text, and its list of sentences, may each take in an answer (as JSON).
 * The cost model prices each field at this size, so a source over it is refused, not served cheap.
 */
export const MAX_SOURCE_TEXT_BYTES = 64 * 1024;

/** A list in a record: sources' lists about one record are concatenated, so none is capped here. */
const list = <T extends z.ZodType>(item: T) => z.array(item);

export const Citation = z
  .strictObject({
    source: LocalId.describe("The source cited; in a source file, left out: it is that file's source."),
    sentence: z.number().int().positive().describe("The number of the sentence quoted, counting from 1 in the source's sentences."),
    quote: Quote.describe("The words quoted, verbatim from that sentence, without the sentence's punctuation around them."),
  })
  .describe("Where the source says it: a sentence and the words quoted from it.");
export type Citation = z.infer<typeof Citation>;

const Citations = list(Citation)
  .min(1, "every fact needs at least one citation")
  .describe("Where the source states this: at least one citation.");

export const DateQualifier = z.enum(["EXACT", "NOT_BEFORE", "NOT_AFTER", "APPROXIMATE"]);

/** Where a date comes from: the source's words, or a resolution of them. */
export const DateBasis = z.enum(["STATED", "DATELINE", "CONTEXT", "PUBLICATION"]);

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Whether `asWritten` itself gives every part of `iso`: its year, its month by name and its day by number. */
export function writtenInFull(iso: string, asWritten: string | null): boolean {
  const parsed = parsePartialDate(iso);
  if (!parsed || asWritten === null) return false;
  const words = asWritten.toLowerCase();
  if (!new RegExp(`\\b${parsed.year}\\b`).test(words)) return false;
  if (parsed.month !== null && !new RegExp(`\\b${MONTHS[parsed.month - 1]}\\b`).test(words)) return false;
  return parsed.day === null || new RegExp(`\\b${parsed.day}\\b`).test(words);
}

/** A date as the source gives it; parsed once here into year, month, day and precision. */
export const FactDate = z
  .strictObject({
    iso: z
      .string()
      .refine((s) => parsePartialDate(s) !== null, "not a real date: expected YYYY, YYYY-MM or YYYY-MM-DD")
      .describe("The date as precisely as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD."),
    asWritten: Text.nullable().default(null).describe('The words that give the date, as written ("last year", "on Monday").'),
    qualifier: DateQualifier.default("EXACT").describe("Whether the date is exact, a bound (NOT_BEFORE, NOT_AFTER) or approximate."),
    basis: DateBasis.describe(
      "STATED when the words give every part of iso; DATELINE when resolved against the source's date; CONTEXT from another date of the source; PUBLICATION for the source's own date.",
    ),
  })
  .refine((d) => parsePartialDate(d.iso) === null || (d.basis === "STATED") === writtenInFull(d.iso, d.asWritten), {
    path: ["basis"],
    message:
      "STATED exactly when asWritten gives the year, the month by name and the day by number of iso; otherwise say how it was resolved (DATELINE, CONTEXT, PUBLICATION)",
  })
  .transform((d) => ({ ...d, ...parsePartialDate(d.iso)! }));
export type FactDate = z.infer<typeof FactDate>;

/** The tables a party is one of, keyed as a fixture names them. */
export const PARTY_TABLES = { leader: "leaders", country: "countries", organization: "organizations", person: "people" } as const;

/** An object holding exactly one reference, keyed by the kind of record it names (`{ "leader": "ebrahim-raisi" }`). */
const exactlyOne = <K extends string>(keys: Record<K, unknown>, what: string) =>
  z
    .strictObject(Object.fromEntries(Object.keys(keys).map((key) => [key, LocalId.optional()])) as Record<K, z.ZodOptional<typeof LocalId>>)
    .refine((o) => Object.values(o).filter(Boolean).length === 1, `give exactly one of ${Object.keys(keys).join(", ")}: ${what}`);

/** The one reference such an object holds: its key and the id. */
export function held<K extends string>(holder: Partial<Record<K, string>>): [K, string] {
  return Object.entries(holder).find(([, id]) => id) as [K, string];
}

/** Who says something, or hears it: exactly one of a leader, a country (its government), an organization or any other person. */
export const Party = exactlyOne(PARTY_TABLES, "who says it, or hears it");

/** How a source presents what it asserts: as done, under way, planned, intended, or only claimed by the party it reports. */
export const Modality = z.enum(["HAPPENED", "IN_PROGRESS", "PLANNED", "INTENDED", "CLAIMED"]);

/**
 * Who asserts a fact, and how: the source in its own voice (`by` null) or a party it reports, with
 * the words of attribution and the statement that carries it. A claim of a party's is CLAIMED,
 * INTENDED or PLANNED, never HAPPENED: the source does not state that it happened.
 */
export const Assertion = z
  .strictObject({
    by: Party.nullable().default(null).describe("The party the source attributes this to; null (or left out) for the source's own voice."),
    verb: Text.nullable().default(null).describe('The words of attribution, as written: "said", "according to".'),
    statement: LocalId.nullable().default(null).describe("The statement (by id) that carries the attribution, where there is one."),
    modality: Modality.describe("How the source presents it: HAPPENED, IN_PROGRESS, PLANNED, INTENDED, or CLAIMED by the party."),
  })
  .superRefine((a, ctx) => {
    if (a.by === null && (a.verb !== null || a.statement !== null))
      ctx.addIssue({ code: "custom", path: ["by"], message: "a verb or statement of attribution needs the party it attributes to (by)" });
    if (a.by !== null && a.verb === null)
      ctx.addIssue({
        code: "custom",
        path: ["verb"],
        message: 'an attributed fact gives the words of attribution, e.g. "said" or "according to"',
      });
    if (a.by !== null && (a.modality === "HAPPENED" || a.modality === "IN_PROGRESS"))
      ctx.addIssue({
        code: "custom",
        path: ["modality"],
        message: "what a party asserts is CLAIMED, INTENDED or PLANNED: the source itself does not state that it happened",
      });
    if (a.by === null && a.modality === "CLAIMED")
      ctx.addIssue({ code: "custom", path: ["modality"], message: "CLAIMED needs the party that claims it (by)" });
  });
export type Assertion = z.infer<typeof Assertion>;

/** The source states it, in its own voice, as having happened or as so: what a record asserts unless it says otherwise. */
export const IN_THE_SOURCE_VOICE: Assertion = Object.freeze({ by: null, verb: null, statement: null, modality: "HAPPENED" });

/** A record's assertion, the source's own voice by default. */
const asserted = Assertion.default(IN_THE_SOURCE_VOICE).describe(
  "Who asserts this and how; left out, the source in its own voice, as having happened.",
);

/** How the source characterises something, in its own words: "an international pariah". */
export const Characterization = z.strictObject({
  text: Text,
  since: FactDate.nullable().default(null),
  citations: Citations,
});

const Characterizations = list(Characterization).default([]);

export const DurationUnit = z.enum(["MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR"]);

/** A length of time as the source states it: "six-month", "20-year", "for three hours". */
export const Duration = z
  .strictObject({
    amount: z.number().positive().describe("How many units, e.g. 3."),
    unit: DurationUnit.describe("The unit: MINUTE, HOUR, DAY, WEEK, MONTH or YEAR."),
    asWritten: Text.describe('The source\'s words for it, e.g. "for three hours".'),
  })
  .describe("A length of time as the source states it: its amount, its unit and its words.");

/** A span of time: "Over the last two years", resolved against the dateline. */
export const FactPeriod = z.strictObject({
  start: FactDate.nullable(),
  end: FactDate.nullable(),
  duration: Duration.nullable().default(null),
  asWritten: Text.nullable().default(null),
});

export const SourceKind = z.enum(["NEWS_ARTICLE", "PRESS_RELEASE", "TRANSCRIPT", "REPORT", "OTHER"]);

/** A BCP 47 language tag, as Intl canonicalises it ("en", "pt-BR"). */
const LanguageTag = z.string().refine((tag) => {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag;
  } catch {
    return false;
  }
}, 'a BCP 47 language tag in canonical form, e.g. "en" or "pt-BR"');

export const SourceRecord = z.strictObject({
  id: LocalId,
  kind: SourceKind.describe("What the source is: NEWS_ARTICLE, PRESS_RELEASE, TRANSCRIPT, REPORT or OTHER."),
  language: LanguageTag.describe('The language of its text, a canonical BCP 47 tag: "en", "pt-BR".'),
  title: Text.nullable().describe("Its title as published; null when not known (never guessed)."),
  publisher: Text.nullable().describe("Who published it; null when not known."),
  byline: Text.nullable().describe("Its byline as printed; null when not known."),
  url: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .describe("Where it was published; null when not known."),
  textFile: z
    .string()
    .regex(/^[\w.-]+\.txt$/, 'a .txt file beside the source file, e.g. "text.txt"')
    .optional()
    .describe("The file holding the source's text, beside the source file (or give the text itself as text)."),
  text: Text.optional().describe("The source's text itself, when it is not in a file of its own (textFile)."),
  publishedOn: FactDate.describe("The day it was published: the date relative dates in it resolve against."),
  // Listed, not split at start-up: see src/facts/sentences.ts. Checked against the text.
  sentences: z
    .array(Text, { error: "the text's sentences in order, as an array of strings (npm run fixtures:sentences drafts it)" })
    .min(1, "a source has at least one sentence")
    .describe("The text's sentences in order, which citations count from 1 (npm run fixtures:sentences drafts them)."),
});

export const MentionKind = z.enum(["DESCRIPTION", "METONYM"]);

/** A way the source refers to something that is not a name of it: search does not treat it as one. */
export const Mention = z.strictObject({
  text: Text,
  kind: MentionKind,
  citations: Citations,
});

/**
 * A Wikidata item ID: an entity's identity beyond this graph, chosen by the analyst who adds the
 * record (not stated by any source), and a second key other subgraphs may join on.
 */
export const WikidataId = z.string().regex(/^Q[1-9][0-9]*$/, 'a Wikidata item ID, e.g. "Q717"');
const wikidataId = WikidataId.nullable().default(null);

export const CountryRecord = z.strictObject({
  id: LocalId,
  wikidataId,
  name: Text.describe("The country's name as the source writes it."),
  code: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. "VE"')
    .describe("Its ISO 3166-1 alpha-2 code: its identity."),
  aliases: list(Text).describe("Other names the source gives it, which search matches."),
  mentions: list(Mention).default([]).describe('Ways the source refers to it that are not names ("the South American country").'),
  region: Text.nullable().describe("Its region, as the source gives it; null when it does not."),
  capital: Text.nullable().describe("Its capital, as the source gives it; null when it does not."),
  characterizations: Characterizations,
  assertion: asserted,
  citations: Citations,
});

export const LeaderRecord = z.strictObject({
  id: LocalId,
  wikidataId,
  name: Text.describe("The leader's name as the source writes it."),
  role: Text.describe('The office the source gives: "President", "Foreign Minister".'),
  country: LocalId.describe("The country (by id) whose office it is."),
  current: z
    .boolean()
    .describe(
      "Whether the source has them in office at its date; a later source reports its own, as of its date, and the leader answers the latest.",
    ),
  assertion: asserted,
  citations: Citations,
});

/** A role a person holds as the source states it: its title, and where the source says so, the organization and country. */
export const PersonRole = z
  .strictObject({
    title: Text.describe('The role in the source\'s words: "adviser to the president", "spokesman".'),
    affiliation: LocalId.nullable()
      .default(null)
      .describe("The organization (by id) the role is held in, where the source says; else left out."),
    country: LocalId.nullable()
      .default(null)
      .describe("The country (by id) the role is of, where the source says; else left out, never inferred."),
    citations: Citations,
  })
  .describe("A role the source gives a person, with the words that give it.");

/**
 * Any person a source names or describes: a name, or, for someone it does not name, a description
 * in its words ("a ministry official"); roles only as stated, so no nationality the source does not give.
 */
export const PersonRecord = z
  .strictObject({
    id: LocalId,
    wikidataId,
    name: Text.nullable().default(null).describe("The person's name as the source writes it; left out when it does not name them."),
    description: Text.nullable()
      .default(null)
      .describe('Who the person is in the source\'s words, for one it does not name: "a ministry official".'),
    roles: list(PersonRole).default([]).describe("The roles the source gives the person, each with its citations."),
    assertion: asserted,
    citations: Citations,
  })
  .refine((p) => p.name !== null || p.description !== null, {
    path: ["description"],
    message: 'a person the source does not name needs a description in its words, e.g. "a ministry official"',
  });

export const OrganizationKind = z.enum(["INTERGOVERNMENTAL", "COMPANY", "NEWS_AGENCY", "GOVERNMENT", "OTHER"]);

export const OrganizationRecord = z.strictObject({
  id: LocalId,
  wikidataId,
  name: Text,
  aliases: list(Text),
  kind: OrganizationKind,
  description: Text.nullable(),
  country: LocalId.nullable(),
  // Not bounded: Organization.members is a connection.
  members: z.array(LocalId),
  characterizations: Characterizations,
  assertion: asserted,
  citations: Citations,
});

export const VisitStatus = z.enum(["COMPLETED", "IN_PROGRESS", "PLANNED"]);

/** The modality a visit's status stands for. */
export const STATUS_MODALITY = {
  COMPLETED: "HAPPENED",
  IN_PROGRESS: "IN_PROGRESS",
  PLANNED: "PLANNED",
} as const satisfies Record<z.infer<typeof VisitStatus>, z.infer<typeof Modality>>;

/** What a visit's status asserts when the source gives no assertion: its own voice, with the status's modality. */
export function statusAssertion(status: z.infer<typeof VisitStatus>): Assertion {
  return { ...IN_THE_SOURCE_VOICE, modality: STATUS_MODALITY[status] };
}

/**
 * One source's value of a field that changes over time, as of the day the source was published
 * (ACLED's recorded date beside the event's): a later report about another day does not
 * contradict it. Built at load from each source's statement; the record answers the latest.
 */
export interface Report<T = unknown> {
  value: T;
  /** The source (by id) that reported it. */
  source: string;
  /** The source's `publishedOn`. */
  reportedOn: FactDate;
  /** The citations of the statement that gives the value. */
  citations: Citation[];
  assertion: Assertion;
}

/** A record's reports, per field that changes over time (tables.ts `reported`), oldest first. */
export type Reports = Readonly<Record<string, readonly Report[]>>;

/** The reports of one field of a record, oldest first; none for a record built without them. */
export function reportsOf<T>(row: object, field: string): readonly Report<T>[] {
  return ((row as { reports?: Reports }).reports?.[field] ?? []) as readonly Report<T>[];
}

/**
 * Who asserts one value of a record, where it is not the record's own `assertion`: "Gil arrived,
 * the ministry said; he was welcomed by the minister" holds the ministry's arrival and the
 * source's own welcome. Built at load from a statement's `voices:`, and from a later source whose
 * assertion differs from the record's (each of its values in its voice).
 */
export interface Voice {
  /** The record's field whose value this is the voice of. */
  field: string;
  assertion: Assertion;
  /** The source (by id) that states the value. */
  source: string;
  /** The source's `publishedOn`. */
  reportedOn: FactDate;
  /** The sentences that give the value. */
  citations: Citation[];
}

/** A record's voices of its values, in the order their sources were published; none for a record all in its own voice. */
export function voicesOf(row: object): readonly Voice[] {
  return (row as { voices?: readonly Voice[] }).voices ?? [];
}

/** What a statement writes under `voices:`, per field: the voice of that value, with the sentences that give it. */
export const VoiceStatement = z
  .strictObject({
    assertion: Assertion.describe("Who asserts this value, with what words, and how (its modality)."),
    citations: Citations.describe("The sentences that give this value in that voice."),
  })
  .describe("The voice of one value of the record, where it differs from the statement's own assertion.");
export type VoiceStatement = z.infer<typeof VoiceStatement>;

export const VisitRecord = z
  .strictObject({
    id: LocalId,
    visitor: LocalId.nullable().describe("The person (by id) who visits, a leader or anyone else; null for a delegation."),
    delegation: Text.nullable().describe('Who visits when no one leader does, as written ("delegates").'),
    visitingCountry: LocalId.nullable()
      .default(null)
      .describe("The country (by id) on whose behalf the visit is made; left out when the source does not say."),
    hostCountry: LocalId.describe("The country (by id) visited."),
    city: Text.nullable().describe("The city visited, where the source gives it."),
    date: FactDate.describe("When the visit happens or happened."),
    status: VisitStatus.describe(
      "COMPLETED, IN_PROGRESS or PLANNED, as of the source's date; a later source reports its own, as of its date, and the visit answers the latest.",
    ),
    departedFrom: Text.nullable().default(null),
    tour: LocalId.nullable().default(null),
    /** The visit's place in its tour, 1 for the first stop, where the source gives it. */
    stopNumber: z.number().int().positive().nullable().default(null),
    receivedBy: list(LocalId),
    // Filled from the sources' claims at load (tables.ts `claimed`): a statement that gives them is refused.
    purpose: Text.nullable().default(null),
    topics: list(Text).default([]),
    invitedBy: list(LocalId).default([]),
    invitation: Text.nullable().default(null),
    meetings: list(LocalId).default([]),
    characterizations: Characterizations,
    /** By default the source's own voice, with the modality the status gives. */
    assertion: Assertion.optional(),
    citations: Citations,
  })
  .refine((v) => v.visitor !== null || v.delegation !== null, {
    message: "a visit needs a visitor or a delegation",
    path: ["visitor"],
  })
  .refine((v) => v.stopNumber === null || v.tour !== null, {
    message: "a stop number needs the tour it is a stop of",
    path: ["stopNumber"],
  })
  .refine((v) => !v.assertion || v.assertion.by !== null || v.assertion.modality === STATUS_MODALITY[v.status], {
    message: "in the source's own voice, a visit's modality is the one its status gives (COMPLETED: HAPPENED, IN_PROGRESS, PLANNED)",
    path: ["assertion", "modality"],
  })
  .transform((v) => ({ ...v, assertion: v.assertion ?? statusAssertion(v.status) }));

export const SanctionLicense = z.strictObject({
  licensee: LocalId,
  /** The license's length, once: the API derives its older `duration` and `durationMonths` fields from it. */
  term: Duration.nullable().default(null),
  scope: Text.nullable(),
  granted: FactDate.nullable(),
  grantedAfter: LocalId.nullable().default(null),
  citations: Citations,
});

/** Whether sanctions are in force, as of a source's date: a field that changes over time (tables.ts `reported`). */
export const SanctionState = z.enum(["IN_FORCE", "EASED", "LIFTED"]);

export const SanctionRecord = z.strictObject({
  id: LocalId,
  imposer: LocalId,
  target: LocalId,
  description: Text.nullable(),
  licenses: list(SanctionLicense),
  state: SanctionState.optional().describe(
    "IN_FORCE, EASED or LIFTED, as of the source's date; left out where the source does not say. A later source reports its own, as of its date, and the sanction answers the latest.",
  ),
  assertion: asserted,
  citations: Citations,
});

export const TourRecord = z.strictObject({
  id: LocalId,
  name: Text,
  traveler: LocalId,
  departedFrom: Text.nullable(),
  start: FactDate,
  // Filled from the sources' claims at load, like a visit's.
  purpose: Text.nullable().default(null),
  assertion: asserted,
  citations: Citations,
});

export const RelationshipKind = z.enum(["ALLIANCE", "ADVERSARY", "FRIENDSHIP", "COOPERATION"]);

export const RelationshipRecord = z.strictObject({
  id: LocalId,
  kind: RelationshipKind,
  countries: list(LocalId).min(1),
  counterpart: LocalId,
  description: Text,
  period: FactPeriod.nullable().default(null),
  sectors: list(Text).default([]),
  assertion: asserted,
  citations: Citations,
});

export const AgreementRecord = z.strictObject({
  id: LocalId,
  name: Text,
  parties: list(LocalId).min(2),
  signedBy: list(LocalId),
  signed: FactDate,
  signedDuring: LocalId.nullable(),
  term: Duration.nullable(),
  sectors: list(Text),
  purpose: Text.nullable(),
  assertion: asserted,
  citations: Citations,
});

export const EventKind = z.enum(["WAR", "CRISIS", "TALKS", "DIPLOMATIC_EFFORT"]);

export const EventRecord = z.strictObject({
  id: LocalId,
  name: Text,
  aliases: list(Text).default([]),
  kind: EventKind,
  description: Text.nullable(),
  date: FactDate.nullable(),
  countries: list(LocalId),
  causes: list(LocalId).default([]),
  increasedBy: list(LocalId).default([]),
  characterizations: Characterizations,
  assertion: asserted,
  citations: Citations,
});

export const ShipmentItem = z.strictObject({
  description: Text,
  quantity: z.number().positive().nullable(),
  unit: Text.nullable(),
  purpose: Text.nullable().default(null),
});

export const ShipmentRecord = z.strictObject({
  id: LocalId,
  sender: LocalId,
  recipient: LocalId,
  date: FactDate,
  items: list(ShipmentItem).min(1),
  assertion: asserted,
  citations: Citations,
});

export const StatementRecord = z.strictObject({
  id: LocalId,
  speaker: Party,
  audience: Party.nullable(),
  quote: Quote,
  summary: Text.nullable(),
  date: FactDate.nullable(),
  place: Text.nullable(),
  aboutTour: LocalId.nullable().default(null),
  aboutVisit: LocalId.nullable().default(null),
  assertion: asserted,
  citations: Citations,
});

export const AccusationRecord = z.strictObject({
  id: LocalId,
  accuser: LocalId,
  accused: LocalId,
  charge: Text,
  date: FactDate,
  assertion: asserted,
  citations: Citations,
});

/**
 * The record a claim is about: exactly one reference, keyed by its table's singular (`{ "visit": "raisi-venezuela-2023" }`).
 * One entry per table that has claimed fields (tables.ts `claimed`); the catalogue test holds them equal.
 */
export const CLAIM_SUBJECTS = { visit: "visits", tour: "tours" } as const;

/** The kinds of record a claim's value may name. */
export const CLAIM_ENTITIES = { leader: "leaders", country: "countries", organization: "organizations", event: "events" } as const;

/**
 * One claim: a value of one field of one record (Wikidata's statement: subject, property, value),
 * with its qualifiers (who asserts it, its modality, when) and its references (citations).
 * The value is a text in the source's words or a record it names, never both.
 */
export const ClaimRecord = z
  .strictObject({
    id: LocalId,
    subject: exactlyOne(CLAIM_SUBJECTS, "the record the claim is about").describe(
      'The record the claim is about: { visit: "<id>" } or { tour: "<id>" }.',
    ),
    field: z
      .string()
      .regex(/^[a-z][A-Za-z]*$/, 'the name of the field the claim gives a value of, e.g. "meetings"')
      .describe('The field the claim gives a value of: "purpose", "topics", "meetings"...'),
    text: Text.nullable().default(null).describe("The value in the source's words, for a field of text; else left out."),
    entity: exactlyOne(CLAIM_ENTITIES, "the record the value names")
      .nullable()
      .default(null)
      .describe('The value as a record, for a field of references: { leader: "<id>" }; else left out.'),
    assertion: Assertion.describe("Who asserts the value, with what words, and how (its modality)."),
    date: FactDate.nullable().default(null).describe("When the value holds, where the source says."),
    timeOfDay: Text.nullable().default(null).describe('A time of day as written ("later in the day").'),
    duration: Duration.nullable().default(null).describe('How long it lasted or is to last, where the source says ("for three hours").'),
    corroborates: list(LocalId).default([]).describe("Claims (by id) of other sources about the same field that this one agrees with."),
    contradicts: list(LocalId).default([]).describe("Claims (by id) of other sources about the same field that this one disagrees with."),
    citations: Citations,
  })
  .refine((c) => (c.text === null) !== (c.entity === null), {
    message: "a claim's value is either a text or an entity, exactly one of them",
    path: ["text"],
  });

export type SourceRecord = z.infer<typeof SourceRecord>;
export type CountryRecord = z.infer<typeof CountryRecord>;
export type LeaderRecord = z.infer<typeof LeaderRecord>;
export type PersonRecord = z.infer<typeof PersonRecord>;
export type OrganizationRecord = z.infer<typeof OrganizationRecord>;
export type VisitRecord = z.infer<typeof VisitRecord>;
export type ClaimRecord = z.infer<typeof ClaimRecord>;
export type SanctionRecord = z.infer<typeof SanctionRecord>;
