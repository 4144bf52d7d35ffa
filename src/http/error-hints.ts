/**
 * Validation errors that say how to fix them. graphql-js suggests names ("Did you mean …?") from
 * the whole served schema, federation machinery and introspection types included; a client can
 * call none of those, so they are taken out of the suggestions. A field of a connection's items
 * asked of the connection itself (`countries { name }`) is the first mistake most clients make:
 * its error says to select the field under `nodes` or `edges { node }`.
 */
import { getNamedType, type GraphQLFormattedError, type GraphQLSchema, isCompositeType, isObjectType } from "graphql";
import { didYouMean } from "graphql/jsutils/didYouMean";

/** What `extensions.fix` holds for a field asked of a connection instead of its items. */
export interface SelectUnderNodes {
  kind: "SELECT_UNDER_NODES";
  /** The field asked for, e.g. "name". */
  field: string;
  /** The connection type it was asked of, e.g. "CountryConnection". */
  connection: string;
  /** Where the field is, as selections to wrap it in. */
  selectUnder: ["nodes", "edges.node"];
}

// graphql-js's didYouMean: ` Did you mean "a"?`, `"a" or "b"?`, `"a", "b", or "c"?`, with an optional phrase before the names.
const SUGGESTION = / Did you mean (to use an inline fragment on |the enum value )?((?:"[^"]*"(?:, or |, | or )?)+)\?$/s;
const NOT_ON_TYPE = /^Cannot query field "([_A-Za-z][_0-9A-Za-z]*)" on type "([_A-Za-z][_0-9A-Za-z]*)"\./;

/** Names no client asks for: introspection types and federation's `_entities`, `_service`, `_Any`, `link__…`, `federation__…`. */
export function isMachineryName(name: string): boolean {
  return name.startsWith("_") || name.startsWith("link__") || name.startsWith("federation__");
}

/** `message` with its suggestions limited to names a client can use, and those names. */
export function clientSuggestions(message: string): { message: string; suggestions: string[] } {
  const match = SUGGESTION.exec(message);
  if (!match) return { message, suggestions: [] };
  const names = [...match[2]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  const suggestions = names.filter((name) => !isMachineryName(name));
  const head = message.slice(0, match.index);
  const phrase = match[1]?.trimEnd();
  return { message: head + (phrase ? didYouMean(phrase, suggestions) : didYouMean(suggestions)), suggestions };
}

/** The fix for `Cannot query field "name" on type "CountryConnection".` when the connection's items have that field. */
export function connectionFix(message: string, schema: GraphQLSchema): SelectUnderNodes | null {
  const match = NOT_ON_TYPE.exec(message);
  if (!match) return null;
  const [, field, typename] = match as unknown as [string, string, string];
  const type = schema.getType(typename);
  const fields = isObjectType(type) ? type.getFields() : undefined;
  const item = fields?.nodes && getNamedType(fields.nodes.type);
  if (!item || !fields!.edges || !hasField(schema, item, field)) return null;
  return { kind: "SELECT_UNDER_NODES", field, connection: typename, selectUnder: ["nodes", "edges.node"] };
}

function hasField(schema: GraphQLSchema, type: ReturnType<typeof getNamedType>, field: string): boolean {
  if (isObjectType(type)) return field in type.getFields();
  if (!isCompositeType(type)) return false;
  // An interface's or a union's members: the field may be asked in a fragment on one of them.
  if ("getFields" in type && field in type.getFields()) return true;
  return schema.getPossibleTypes(type).some((member) => field in member.getFields());
}

/**
 * A validation error as a client gets it: suggestions of usable names only, listed in
 * `extensions.suggestions`; a connection's item field asked of the connection says where it is
 * and carries `extensions.fix`.
 */
export function withHints(formatted: GraphQLFormattedError, schema: GraphQLSchema | undefined): GraphQLFormattedError {
  const fix = schema ? connectionFix(formatted.message, schema) : null;
  if (fix) {
    return {
      ...formatted,
      message: `Cannot query field "${fix.field}" on type "${fix.connection}". ${fix.connection} is a connection: select "${fix.field}" on its items, under "nodes" or "edges { node }", as in "nodes { ${fix.field} }".`,
      extensions: { ...formatted.extensions, fix },
    };
  }
  const { message, suggestions } = clientSuggestions(formatted.message);
  if (message === formatted.message && suggestions.length === 0) return formatted;
  return { ...formatted, message, extensions: { ...formatted.extensions, ...(suggestions.length > 0 ? { suggestions } : {}) } };
}
