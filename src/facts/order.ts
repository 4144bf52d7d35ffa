/**
 * Visits in date order, sorted once per store rather than on every request,
 * so a page of `visits` costs the same however many visits the store holds.
 * The key is the earliest day a visit's date can stand for; the sort is stable,
 * so ties keep fixture order in both directions.
 */
import { dateBounds } from "./dates";
import type { FactStore } from "./store";
import type { Row } from "./tables";

type VisitRow = Row<"visits">;
export type Direction = "ASC" | "DESC";

export class VisitOrder {
  private readonly sorted: Record<Direction, readonly VisitRow[]>;
  private readonly rank: Record<Direction, Map<VisitRow, number>>;

  constructor(rows: readonly VisitRow[]) {
    const keyed = rows.map((row) => ({ row, key: dateBounds(row.date.iso).start }));
    const by = (sign: number) => [...keyed].sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : 0)).map((k) => k.row);
    this.sorted = { ASC: Object.freeze(by(1)), DESC: Object.freeze(by(-1)) };
    this.rank = {
      ASC: new Map(this.sorted.ASC.map((row, i) => [row, i])),
      DESC: new Map(this.sorted.DESC.map((row, i) => [row, i])),
    };
  }

  /** Every visit, in order. */
  all(direction: Direction): readonly VisitRow[] {
    return this.sorted[direction];
  }

  /** Some visits (any subset of the store's), in order: costs O(m log m) for m rows, not a sort of the store. */
  of(rows: readonly VisitRow[], direction: Direction): VisitRow[] {
    const rank = this.rank[direction];
    return [...rows].sort((a, b) => rank.get(a)! - rank.get(b)!);
  }
}

const orders = new WeakMap<FactStore, VisitOrder>();

/** The store's visit order, built on first use and kept as long as the store. */
export function visitOrderOf(store: FactStore): VisitOrder {
  let order = orders.get(store);
  if (!order) orders.set(store, (order = new VisitOrder(store.table("visits").rows)));
  return order;
}
