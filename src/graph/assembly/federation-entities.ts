/**
 * Apollo Federation's `_entities`: each representation is resolved on its own,
 * and a representation a client got wrong fails its own item (BAD_USER_INPUT),
 * never the list, the request or the process.
 *
 * @apollo/subgraph's own resolver maps the representations in one pass and
 * throws synchronously on an unknown `__typename`: the promises of the items
 * before it are then never awaited, and a rejection among them ends the
 * process. This one never throws; every item is a value, a promise, or an Error.
 */
import type { Context } from "../../context";
import type { Catalogue, Row, TableName } from "../../facts/tables";
import { badUserInput } from "../shapes/errors";
import { loadNode } from "../entity-base/node";
import { withArticle } from "../shapes/words";

const ENTITY_NAMES = new WeakMap<Catalogue, string>();

/** The entity types of the store's catalogue, for messages: "Accusation, Agreement, …". */
function entityNames(catalogue: Catalogue): string {
  let names = ENTITY_NAMES.get(catalogue);
  if (names === undefined)
    ENTITY_NAMES.set(
      catalogue,
      (names = Object.values(catalogue)
        .map((spec) => spec.typename)
        .sort()
        .join(", ")),
    );
  return names;
}

/** The argument every `_entities` error names. */
const ARGUMENT = "representations";

function fault(index: number, reason: string): Error {
  return badUserInput(`Representation ${index} ${reason}`, ARGUMENT);
}

/** One representation's record: a promise of it (null when its ID names nothing), or the client's mistake. */
export function resolveRepresentation(representation: unknown, index: number, ctx: Context): Promise<Row<TableName> | null> | Error {
  if (representation === null || typeof representation !== "object" || Array.isArray(representation)) {
    return fault(index, `must be an object with "__typename" and "id".`);
  }
  const { __typename, id } = representation as { __typename?: unknown; id?: unknown };
  const names = () => entityNames(ctx.store.catalogue);
  if (typeof __typename !== "string") return fault(index, `needs "__typename", the name of an entity type (${names()}).`);
  const table = ctx.store.tableOf(__typename)?.name;
  if (!table)
    return fault(
      index,
      `has __typename ${JSON.stringify(__typename.slice(0, 100))}, which is not an entity type of this subgraph (${names()}).`,
    );
  if (typeof id !== "string") {
    // Another key of the type (a Wikidata ID): the record that holds it, or null as for an ID of nothing.
    const keys = ctx.store.catalogue[table]?.keys ?? [];
    const key = keys.find((field) => typeof (representation as Record<string, unknown>)[field] === "string");
    if (key !== undefined)
      return Promise.resolve(ctx.store.table(table).findBy(key, (representation as Record<string, unknown>)[key]) ?? null);
    const others = keys.map((field) => ` or "${field}"`).join("");
    return fault(index, `needs its key "id", the Node ID of ${withArticle(__typename)}${others}.`);
  }
  try {
    return loadNode(ctx, id, `${ARGUMENT}.id`, table);
  } catch (error) {
    return error as Error;
  }
}

/** `Query._entities`: the records the representations name, in order; each mistake is its own item's error. */
export function resolveEntities(
  _root: unknown,
  args: { representations: readonly unknown[] },
  ctx: Context,
): (Promise<Row<TableName> | null> | Error)[] {
  return args.representations.map((representation, index) => resolveRepresentation(representation, index, ctx));
}
