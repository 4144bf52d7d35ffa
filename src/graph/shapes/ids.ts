/**
 * Global object identification: opaque Node IDs (base64 of "Type:id", as
 * graphql-relay encodes them), stable across restarts because fixture ids are.
 */
import { fromGlobalId, toGlobalId } from "graphql-relay";
import { LocalId } from "../../facts/records";
import { TABLES, type Catalogue, type TableName } from "../../facts/tables";
import { badUserInput } from "./errors";
import { withArticle } from "./words";

const TABLE_BY_TYPENAME = new WeakMap<Catalogue, Map<string, TableName>>();

function tableByTypename(catalogue: Catalogue): Map<string, TableName> {
  let byTypename = TABLE_BY_TYPENAME.get(catalogue);
  if (!byTypename)
    TABLE_BY_TYPENAME.set(
      catalogue,
      (byTypename = new Map(Object.entries(catalogue).map(([name, spec]) => [spec.typename, name as TableName]))),
    );
  return byTypename;
}

// Every answer asks for the Node IDs of its rows, and graphql-relay's base64 is plain JavaScript:
// each ID is encoded once per process. Only records of the store are ever encoded, so this holds
// at most one string per record.
const ENCODED = new Map<string, Map<string, string>>();

/**
 * What each ID `nodeId` issued decodes to, so that decoding an ID the API has given out (what
 * clients send back) is one lookup, not graphql-relay's base64 and the checks again. Held as long,
 * and as bounded, as `ENCODED`.
 */
const ISSUED = new Map<string, { type: string; localId: string; valid: boolean }>();

/** The Node ID of the record `localId` shown as `typename`. */
export function nodeId(typename: string, localId: string): string {
  let encoded = ENCODED.get(typename);
  if (!encoded) ENCODED.set(typename, (encoded = new Map()));
  let id = encoded.get(localId);
  if (id === undefined) {
    encoded.set(localId, (id = toGlobalId(typename, localId)));
    ISSUED.set(id, { type: typename, localId, valid: LocalId.safeParse(localId).success });
  }
  return id;
}

/** The Node ID of a record of `table` of the served catalogue. */
export function encodeId(table: TableName, localId: string): string {
  return nodeId(TABLES[table].typename, localId);
}

export interface DecodedId {
  /** A table of the catalogue the ID was decoded against. */
  table: TableName;
  typename: string;
  localId: string;
}

/** Decodes a Node ID, or null when it is not one this API could have issued. */
export function tryDecodeId(id: string, catalogue: Catalogue = TABLES): DecodedId | null {
  if (id.length > 256) return null;
  const issued = ISSUED.get(id);
  if (issued) {
    // The canonical encoding of its type and local id, by construction (a GraphQL type name holds no `:`).
    const table = tableByTypename(catalogue).get(issued.type);
    return table && issued.valid ? { table, typename: issued.type, localId: issued.localId } : null;
  }
  const { type, id: localId } = fromGlobalId(id);
  const table = tableByTypename(catalogue).get(type);
  if (!table || !LocalId.safeParse(localId).success) return null;
  // Only the canonical encoding is accepted, so one record has exactly one ID.
  if (toGlobalId(type, localId) !== id) return null;
  return { table, typename: type, localId };
}

/**
 * Decodes a Node ID given as argument `argumentName`; a malformed ID, or one
 * of another type than `expected`, is a BAD_USER_INPUT error.
 */
export function decodeId(id: string, argumentName: string, expected?: string, catalogue: Catalogue = TABLES): DecodedId {
  const decoded = tryDecodeId(id, catalogue);
  if (!decoded) throw badUserInput(`Argument "${argumentName}" is not a valid Node ID: ${JSON.stringify(id.slice(0, 100))}.`, argumentName);
  if (expected && decoded.table !== expected) {
    throw badUserInput(
      `Argument "${argumentName}" must be the ID of ${withArticle(catalogue[expected]!.typename)}, but ${JSON.stringify(id)} is the ID of ${withArticle(decoded.typename)}.`,
      argumentName,
    );
  }
  return decoded;
}
