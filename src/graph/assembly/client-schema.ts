/**
 * The API as clients see it: the served schema without Apollo Federation's
 * machinery (`_entities`, `_service`, `_Any`, `_Entity`, `_Service`,
 * `federation__*`, `link__*`) and without any directive a client cannot use
 * (`@link`, `@key`, `@shareable`, `@cost`, `@listSize`, ...). Written to
 * schema/client.graphql by `npm run schema`; Relay, codegen, linters and
 * inspectors read that file. /graphql itself keeps the federation fields,
 * because gateways need `_service` and `_entities`.
 */
import { type GraphQLSchema, isSpecifiedDirective, lexicographicSortSchema, printSchema } from "graphql";
import { MapperKind, mapSchema } from "@graphql-tools/utils";
import { buildGraphSchema } from "./schema";

const FEDERATION_TYPES = new Set(["_Any", "_Entity", "_Service"]);
const FEDERATION_FIELDS = new Set(["_entities", "_service"]);

/** True for a type name that belongs to federation, not to the API. */
function isFederationType(name: string): boolean {
  return FEDERATION_TYPES.has(name) || name.startsWith("federation__") || name.startsWith("link__");
}

/** The served schema, filtered to what clients see, sorted by name. */
export function clientSchema(served: GraphQLSchema = buildGraphSchema()): GraphQLSchema {
  const filtered = mapSchema(served, {
    [MapperKind.ROOT_FIELD]: (field, fieldName) => (FEDERATION_FIELDS.has(fieldName) ? null : field),
    [MapperKind.TYPE]: (type) => (isFederationType(type.name) ? null : type),
    [MapperKind.DIRECTIVE]: (directive) => (isSpecifiedDirective(directive) ? directive : null),
  });
  return lexicographicSortSchema(filtered);
}

/** The client SDL, as schema/client.graphql holds it. */
export function printClientSchema(served?: GraphQLSchema): string {
  return `${printSchema(clientSchema(served)).trimEnd()}\n`;
}
