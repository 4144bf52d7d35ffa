/**
 * Global object identification: opaque Node IDs (base64 of "Type:id", as
 * graphql-relay encodes them), stable across restarts because fixture ids are.
 */
import { fromGlobalId, toGlobalId } from "graphql-relay";
import { LocalId } from "../facts/records";
import { TABLES, TABLE_NAMES, type TableName } from "../facts/tables";
import { badUserInput } from "./errors";

const TABLE_BY_TYPENAME = new Map<string, TableName>(TABLE_NAMES.map((name) => [TABLES[name].typename, name]));

// Every answer asks for the Node IDs of its rows, and graphql-relay's base64 is plain JavaScript:
// each ID is encoded once per process. Only records of the store are ever encoded, so this holds
// at most one string per record.
const ENCODED = new Map<TableName, Map<string, string>>(TABLE_NAMES.map((name) => [name, new Map()]));

export function encodeId(table: TableName, localId: string): string {
  const encoded = ENCODED.get(table)!;
  let id = encoded.get(localId);
  if (id === undefined) encoded.set(localId, (id = toGlobalId(TABLES[table].typename, localId)));
  return id;
}

export interface DecodedId {
  table: TableName;
  typename: string;
  localId: string;
}

/** Decodes a Node ID, or null when it is not one this API could have issued. */
export function tryDecodeId(id: string): DecodedId | null {
  if (id.length > 256) return null;
  const { type, id: localId } = fromGlobalId(id);
  const table = TABLE_BY_TYPENAME.get(type);
  if (!table || !LocalId.safeParse(localId).success) return null;
  // Only the canonical encoding is accepted, so one record has exactly one ID.
  if (toGlobalId(type, localId) !== id) return null;
  return { table, typename: type, localId };
}

/**
 * Decodes a Node ID given as argument `argumentName`; a malformed ID, or one
 * of another type than `expected`, is a BAD_USER_INPUT error.
 */
export function decodeId(id: string, argumentName: string, expected?: TableName): DecodedId {
  const decoded = tryDecodeId(id);
  if (!decoded) throw badUserInput(`Argument "${argumentName}" is not a valid Node ID: ${JSON.stringify(id.slice(0, 100))}.`, argumentName);
  if (expected && decoded.table !== expected) {
    throw badUserInput(
      `Argument "${argumentName}" must be the ID of a ${TABLES[expected].typename}, but ${JSON.stringify(id)} is the ID of a ${decoded.typename}.`,
      argumentName,
    );
  }
  return decoded;
}
