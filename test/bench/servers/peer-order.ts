/** Visits by date (earliest day each can stand for, ties in fixture order), sorted once per store. */
import { dateBounds } from "../../../src/facts/dates";
import type { FactStore } from "../../../src/facts/store";
import type { Row } from "../../../src/facts/tables";

const sorted = new WeakMap<FactStore, readonly Row<"visits">[]>();

export function visitsByDate(store: FactStore): readonly Row<"visits">[] {
  let rows = sorted.get(store);
  if (!rows) {
    const keyed = store.table("visits").rows.map((row) => ({ row, key: dateBounds(row.date.iso).start }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    sorted.set(store, (rows = keyed.map((k) => k.row)));
  }
  return rows;
}
