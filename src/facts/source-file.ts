/**
 * The fixture layout an analyst writes: one file per source, and one identity file.
 *
 *   fixtures/entities.yaml                  every id more than one source may speak of, declared once
 *   fixtures/sources/<id>/source.yaml       the source: what it is, its sentences, what it states
 *   fixtures/sources/<id>/<text>.txt        its text, unless the source file holds it
 *
 * A source file states what the source says about declared ids, under each kind (`visits:`,
 * `countries:`...) and id; start-up merges every source's statements about an id into one record
 * of the store. The zod schemas here are built from the records' (records.ts), so a field is
 * described once; the JSON Schemas an editor reads are generated from them (sourceFileJsonSchema).
 */
import { z } from "zod";
import { Citation, CountryRecord, LocalId, SourceRecord, VoiceStatement, WikidataId } from "./records";
import { specOf, TABLE_NAMES, TABLES, type TableName } from "./tables";

/** The identity file, YAML or JSON: the first of these the fixtures folder holds. */
export const ENTITY_FILES = ["entities.yaml", "entities.json"] as const;
/** A source's file in its folder under `sources/`, YAML or JSON. */
export const SOURCE_FILES = ["source.yaml", "source.json"] as const;
export const SOURCES_DIR = "sources";

/** Kinds a source owns: a source is its own folder, a claim is one source's. Every other kind is declared in the identity file. */
const OWNED: readonly TableName[] = ["sources", "claims"];
export const ENTITY_KINDS = TABLE_NAMES.filter((name) => !OWNED.includes(name));

/** Fields the analyst chooses as an entity's identity: given once in the identity file, never by a source. */
export const IDENTITY = {
  countries: z.strictObject({ code: CountryRecord.shape.code, wikidataId: WikidataId.optional() }),
  leaders: z.strictObject({ wikidataId: WikidataId.optional() }),
  organizations: z.strictObject({ wikidataId: WikidataId.optional() }),
  people: z.strictObject({ wikidataId: WikidataId.optional() }),
} as const satisfies Partial<Record<TableName, z.ZodObject>>;

export function identityOf(kind: TableName): z.ZodObject | undefined {
  return (IDENTITY as Partial<Record<TableName, z.ZodObject>>)[kind];
}

/** The fields of a record schema, through its refinements and transforms. */
export function shapeOf(record: z.ZodType): Record<string, z.ZodType> {
  let schema: z.ZodType = record;
  while (schema instanceof z.ZodPipe) schema = schema.in as z.ZodType;
  if (!(schema instanceof z.ZodObject)) throw new Error("a record schema is an object");
  return schema.shape as Record<string, z.ZodType>;
}

/**
 * What one source states about an entity: any of its record's fields but its id (the key), its
 * identity and its claimed fields (each a claim), and always its citations. The record's checks
 * across fields run on the merged record.
 */
export function statementSchema(kind: TableName): z.ZodObject {
  const built = statementSchemas.get(kind);
  if (built) return built;
  const omitted = new Set(["id", ...Object.keys(identityOf(kind)?.shape ?? {}), ...Object.keys(specOf(kind).claimed ?? {})]);
  const fields = Object.entries(shapeOf(TABLES[kind].record))
    .filter(([field]) => !omitted.has(field))
    .map(([field, schema]) => [field, field === "citations" ? schema : schema.optional()]);
  const voices = z
    .strictObject(Object.fromEntries(voicedFields(kind).map((field) => [field, VoiceStatement.optional()])))
    .optional()
    .describe("The voice of each value stated here whose voice is not this statement's own assertion, by field.");
  const schema = z
    .strictObject({ ...Object.fromEntries(fields), voices })
    .describe(`What this source states about one ${TABLES[kind].typename}, under its id.`);
  statementSchemas.set(kind, schema);
  return schema;
}

const statementSchemas = new Map<TableName, z.ZodObject>();

/**
 * The fields of `kind` whose value a statement may give a voice of its own (`voices:`): every
 * field but the id, the identity, the citations and the assertion, the claimed fields (each claim
 * has its assertion) and the reported ones (each report takes its statement's assertion).
 */
export function voicedFields(kind: TableName): string[] {
  const spec = specOf(kind);
  const omitted = new Set([
    "id",
    "citations",
    "assertion",
    ...Object.keys(identityOf(kind)?.shape ?? {}),
    ...Object.keys(spec.claimed ?? {}),
    ...Object.keys(spec.reported ?? {}),
  ]);
  return Object.keys(shapeOf(TABLES[kind].record)).filter((field) => !omitted.has(field));
}

/** A claim of this source's: the claim record without its id (the key). */
const ClaimStatement = z
  .strictObject(Object.fromEntries(Object.entries(shapeOf(TABLES.claims.record)).filter(([field]) => field !== "id")))
  .describe("A value this source gives one field of a record, with who asserts it: keyed by the claim's id, unique across sources.");

const byId = (statement: z.ZodType, what: string) => z.record(LocalId, statement).optional().describe(what);

/** What a source is, as its file gives it: its id is its folder's name. */
export const SourceMetadata = SourceRecord.omit({ id: true });

/** A source file: the source's metadata and sentences, and what it states under each kind and id. */
export const SourceFile = z
  .strictObject({
    ...SourceMetadata.shape,
    ...Object.fromEntries(
      ENTITY_KINDS.map((kind) => [
        kind,
        byId(
          statementSchema(kind),
          `What this source states about ${TABLES[kind].typename} records, by id (declared in the identity file).`,
        ),
      ]),
    ),
    claims: byId(ClaimStatement, "The values this source gives the claimed fields of records, by claim id."),
  })
  .refine((s) => (s.text === undefined) !== (s.textFile === undefined), {
    message: "give the source's text as textFile (a file beside this one) or as text, exactly one of them",
    path: ["textFile"],
  })
  .describe("One source: what it is, its text and sentences, and every fact and claim it states, each with its quotes.");

/** The identity file: per kind, each id declared once, with its identity fields where the kind has them. */
export const EntitiesFile = z
  .strictObject(
    Object.fromEntries(
      ENTITY_KINDS.map((kind) => {
        const identity = identityOf(kind);
        return [
          kind,
          z
            .record(
              LocalId,
              identity
                ? // An id may stand alone where every identity field is optional (a Wikidata ID), not where one is required (a country's code).
                  identity.safeParse({}).success
                  ? identity.nullable()
                  : identity
                : z.null().describe("Nothing but the id: what each source says of it lives in that source's file."),
            )
            .optional()
            .describe(`The ids of ${TABLES[kind].typename} records, declared once, in the order they are listed.`),
        ];
      }),
    ),
  )
  .describe("Every id more than one source may speak of, declared once, with the identity the analyst chose for it.");

/**
 * A JSON Schema for editors (yaml-language-server, VS Code), from the zod schemas: what a file
 * may hold as written, so defaults are optional and a citation leaves its source out.
 */
function jsonSchemaOf(schema: z.ZodType, title: string): string {
  const json = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    // Dates, citations and the like once each, under $defs, not inlined at every use.
    reused: "ref",
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema !== Citation) return;
      delete jsonSchema.properties?.source;
      jsonSchema.required = (jsonSchema.required ?? []).filter((key) => key !== "source");
    },
  });
  return `${JSON.stringify({ title, ...json }, null, 2)}\n`;
}

export const sourceFileJsonSchema = () => jsonSchemaOf(SourceFile, "newsfacts source file");
export const entitiesFileJsonSchema = () => jsonSchemaOf(EntitiesFile, "newsfacts identity file");
