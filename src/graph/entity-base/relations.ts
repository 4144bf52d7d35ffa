/**
 * The few ways a field reaches other records, written once for every entity:
 * forward references through `byId` loaders, reverse references through
 * `referencing` loaders (filtered root lists are filters.ts).
 */
import type { Context } from "../../context";
import type { RefPath, Row, TableName } from "../../facts/tables";
import { checkConnectionArgs, paginate, type ConnectionArgs, type ConnectionShape } from "../shapes/connection";
import { ordered, type Ordering, type OrderValue } from "../shapes/order";

/** The order a connection of a dated entity is asked for (the default one when `value` is null). */
export interface OrderBy {
  ordering: Ordering;
  value: OrderValue | null | undefined;
}

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

/** A page of the records a list of forward references names; only the page is loaded, unless they are to be ordered. */
export async function manyConnection<T extends TableName>(
  ctx: Context,
  table: T,
  keys: readonly string[],
  args: ConnectionArgs,
  order?: OrderBy,
): Promise<ConnectionShape<Row<T>>> {
  if (order) {
    checkConnectionArgs(args);
    return paginate(ordered(ctx.store, order.ordering, await many(ctx, table, keys), order.value), args);
  }
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
  order?: OrderBy,
): Promise<ConnectionShape<Row<T>>> {
  checkConnectionArgs(args);
  const rows = await ctx.loaders.referencing(table, path).load(key);
  return paginate(order ? ordered(ctx.store, order.ordering, rows, order.value) : rows, args);
}
