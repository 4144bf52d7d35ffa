/**
 * The fixture format: one JSON array per kind of record, validated with zod.
 * Shapes only; cross-record checks (references, quotes) live in validate.ts.
 */
import { z } from "zod";
import { parsePartialDate } from "./dates";

/** A record's own id: stable, lower-case, readable; the public Node ID is derived from it. */
export const LocalId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "ids are lower-case words joined by hyphens, e.g. \"ebrahim-raisi\"");

const Text = z.string().trim().min(1, "must not be empty");

export const Citation = z.strictObject({
  source: LocalId,
  sentence: z.number().int().positive(),
  quote: Text,
});
export type Citation = z.infer<typeof Citation>;

const Citations = z.array(Citation).min(1, "every fact needs at least one citation");

export const DateQualifier = z.enum(["EXACT", "NOT_BEFORE", "NOT_AFTER"]);

/** A date as the source gives it; parsed once here into year, month, day and precision. */
export const FactDate = z
  .strictObject({
    iso: z
      .string()
      .refine((s) => parsePartialDate(s) !== null, "not a real date: expected YYYY, YYYY-MM or YYYY-MM-DD"),
    asWritten: Text.nullable().default(null),
    qualifier: DateQualifier.default("EXACT"),
  })
  .transform((d) => ({ ...d, ...parsePartialDate(d.iso)! }));
export type FactDate = z.infer<typeof FactDate>;

export const SourceRecord = z.strictObject({
  id: LocalId,
  title: Text.nullable(),
  textFile: z.string().regex(/^sources\/[\w.-]+\.txt$/, "a .txt file under fixtures/sources/"),
  publishedOn: FactDate,
  sentenceCount: z.number().int().positive(),
});

export const CountryRecord = z.strictObject({
  id: LocalId,
  name: Text,
  code: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code, e.g. \"VE\""),
  aliases: z.array(Text),
  region: Text.nullable(),
  capital: Text.nullable(),
  citations: Citations,
});

export const LeaderRecord = z.strictObject({
  id: LocalId,
  name: Text,
  role: Text,
  country: LocalId,
  current: z.boolean(),
  citations: Citations,
});

export const OrganizationKind = z.enum(["INTERGOVERNMENTAL", "COMPANY", "NEWS_AGENCY", "GOVERNMENT", "OTHER"]);

export const OrganizationRecord = z.strictObject({
  id: LocalId,
  name: Text,
  aliases: z.array(Text),
  kind: OrganizationKind,
  description: Text.nullable(),
  country: LocalId.nullable(),
  members: z.array(LocalId),
  citations: Citations,
});

export const VisitStatus = z.enum(["COMPLETED", "IN_PROGRESS", "PLANNED"]);

export const VisitRecord = z
  .strictObject({
    id: LocalId,
    visitor: LocalId.nullable(),
    delegation: Text.nullable(),
    visitingCountry: LocalId,
    hostCountry: LocalId,
    city: Text.nullable(),
    date: FactDate,
    status: VisitStatus,
    purpose: Text.nullable(),
    receivedBy: z.array(LocalId),
    meetings: z.array(LocalId),
    citations: Citations,
  })
  .refine((v) => v.visitor !== null || v.delegation !== null, {
    message: "a visit needs a visitor or a delegation",
    path: ["visitor"],
  });

export const SanctionLicense = z.strictObject({
  licensee: LocalId,
  duration: Text.nullable(),
  durationMonths: z.number().int().positive().nullable(),
  scope: Text.nullable(),
  granted: FactDate.nullable(),
  citations: Citations,
});

export const SanctionRecord = z.strictObject({
  id: LocalId,
  imposer: LocalId,
  target: LocalId,
  description: Text.nullable(),
  licenses: z.array(SanctionLicense),
  citations: Citations,
});

export type SourceRecord = z.infer<typeof SourceRecord>;
export type CountryRecord = z.infer<typeof CountryRecord>;
export type LeaderRecord = z.infer<typeof LeaderRecord>;
export type OrganizationRecord = z.infer<typeof OrganizationRecord>;
export type VisitRecord = z.infer<typeof VisitRecord>;
export type SanctionRecord = z.infer<typeof SanctionRecord>;
