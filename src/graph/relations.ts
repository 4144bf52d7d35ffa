/**
 * The few ways a field reaches other records, written once for every entity:
 * forward references through `byId` loaders, reverse references through
 * `referencing` loaders, and filtered root lists through the store's indexes.
 */
import type { Context } from "../context";
import type { FactStore } from "../facts/store";
import type { RefPath, Row, TableName } from "../facts/tables";
import { checkConnectionArgs, paginate, type ConnectionArgs, type ConnectionShape } from "./connection";
import { decodeId } from "./ids";

/** The record a forward reference names (null stays null). */
export function one<T extends TableName>(ctx: Context, table: T, key: string): Promise<Row<T>>;
export function one<T extends TableName>(ctx: Context, table: T, key: string | null): Promise<Row<T> | null>;
export function one<T extends TableName>(ctx: Context, table: T, key: string | null): Promise<Row<T> | null> {
  return key === null ? Promise.resolve(null) : ctx.loaders.byId(table).load(key);
}

/** The records a list of forward references names, in order. */
export async function many<T extends TableName>(ctx: Context, table: T, keys: readonly string[]): Promise<Row<T>[]> {
  return Promise.all(keys.map((key) => ctx.loaders.byId(table).load(key)));
}

/** A page of the records a list of forward references names; only the page is loaded. */
export async function manyConnection<T extends TableName>(
  ctx: Context,
  table: T,
  keys: readonly string[],
  args: ConnectionArgs,
): Promise<ConnectionShape<Row<T>>> {
  const page = paginate(keys, args);
  return page.withNodes(await many(ctx, table, page.nodes));
}

/** A page of the records of `table` whose reference at `path` (or any of several) names `key`, e.g. the visits a country hosted. */
export async function reverseConnection<T extends TableName>(
  ctx: Context,
  table: T,
  path: RefPath<T> | readonly RefPath<T>[],
  key: string,
  args: ConnectionArgs,
): Promise<ConnectionShape<Row<T>>> {
  checkConnectionArgs(args);
  return paginate(await ctx.loaders.referencing(table, path).load(key), args);
}

/** Node IDs given as filter values, decoded to fixture ids of the table each filter field points into. */
export type RefFilter<T extends TableName> = Partial<Record<RefPath<T>, { id: string | null | undefined; table: TableName; argument: string }>>;

/**
 * The rows of `table` that match every reference filter (starting from the
 * smallest index list, so cost follows the matches, not the table) and `keep`.
 */
export function selectRows<T extends TableName>(
  store: FactStore,
  table: T,
  refs: RefFilter<T>,
  keep?: (row: Row<T>) => boolean,
): readonly Row<T>[] {
  const rows = store.table(table);
  const lists = (Object.entries(refs) as [RefPath<T>, NonNullable<RefFilter<T>[RefPath<T>]>][])
    .filter(([, f]) => f.id != null)
    .map(([path, f]) => rows.referencing(path, decodeId(f.id!, f.argument, f.table).localId))
    .sort((a, b) => a.length - b.length);
  let selected: readonly Row<T>[] = lists[0] ?? rows.rows;
  for (const other of lists.slice(1)) {
    const set = new Set(other);
    selected = selected.filter((row) => set.has(row));
  }
  return keep ? selected.filter(keep) : selected;
}
