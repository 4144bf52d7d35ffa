/**
 * Records in date order, sorted once per store and key rather than on every
 * request, so a page of a dated list costs the same however many records the
 * store holds. The key is the earliest day a date can stand for; the sort is
 * stable, so ties keep fixture order in both directions, and records without
 * a date come last in both.
 */
import { dateBounds } from "./dates";
import type { FactStore } from "./store";

export type Direction = "ASC" | "DESC";

/** The date a record is ordered by, as "YYYY", "YYYY-MM" or "YYYY-MM-DD"; null when it has none. */
export type DateKey<R> = (row: R) => string | null;

export class DateOrder<R extends object> {
  private readonly sorted: Record<Direction, readonly R[]>;
  private readonly rank: Record<Direction, Map<R, number>>;

  constructor(rows: readonly R[], key: DateKey<R>) {
    const keyed = rows.map((row) => {
      const iso = key(row);
      return { row, key: iso === null ? null : dateBounds(iso).start };
    });
    const dated = keyed.filter((k) => k.key !== null) as { row: R; key: string }[];
    const undated = keyed.filter((k) => k.key === null).map((k) => k.row);
    const by = (sign: number) => [
      ...[...dated].sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : 0)).map((k) => k.row),
      ...undated,
    ];
    this.sorted = { ASC: Object.freeze(by(1)), DESC: Object.freeze(by(-1)) };
    this.rank = {
      ASC: new Map(this.sorted.ASC.map((row, i) => [row, i])),
      DESC: new Map(this.sorted.DESC.map((row, i) => [row, i])),
    };
  }

  /** Every record, in order. */
  all(direction: Direction): readonly R[] {
    return this.sorted[direction];
  }

  /** Some records (any subset of the store's), in order: costs O(m log m) for m rows, not a sort of the store. */
  of(rows: readonly R[], direction: Direction): R[] {
    const rank = this.rank[direction];
    return [...rows].sort((a, b) => rank.get(a)! - rank.get(b)!);
  }
}

const orders = new WeakMap<FactStore, Map<string, DateOrder<object>>>();

/**
 * The order of a table of the store by one key (`name` tells keys of one table apart),
 * built on first use and kept as long as the store.
 */
export function dateOrderOf<R extends object>(store: FactStore, table: string, name: string, key: DateKey<R>): DateOrder<R> {
  let byKey = orders.get(store);
  if (!byKey) orders.set(store, (byKey = new Map()));
  const id = `${table}.${name}`;
  let order = byKey.get(id) as DateOrder<R> | undefined;
  if (!order) {
    order = new DateOrder(store.table(table as never).rows as unknown as readonly R[], key);
    byKey.set(id, order as DateOrder<object>);
  }
  return order;
}
