import { describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { DateOrder } from "../../src/facts/order";
import type { Row } from "../../src/facts/tables";
import { FIXTURES } from "../helpers";

const visits = loadFacts(FIXTURES).table("visits").rows;
const visit = (id: string, iso: string) => ({ id, date: { iso } }) as Row<"visits">;

describe("DateOrder", () => {
  it("orders by the earliest day a date can stand for, ties in fixture order both ways", () => {
    const rows = [visit("a", "2023-06-12"), visit("b", "2022"), visit("c", "2023-06-12"), visit("d", "2022-01-01"), visit("e", "2023-06")];
    const order = new DateOrder(rows, (v) => v.date.iso);
    expect(order.all("ASC").map((v) => v.id)).toEqual(["b", "d", "e", "a", "c"]);
    expect(order.all("DESC").map((v) => v.id)).toEqual(["a", "c", "e", "b", "d"]);
  });

  it("orders any subset as the whole order would, without sorting the store again", () => {
    const order = new DateOrder(visits, (v) => v.date.iso);
    const subset = visits.filter((_, i) => i % 2 === 1).reverse();
    const inSubset = new Set(subset);
    for (const direction of ["ASC", "DESC"] as const) {
      expect(order.of(subset, direction)).toEqual(order.all(direction).filter((v) => inSubset.has(v)));
    }
  });

  it("puts records without a date last in both directions, in fixture order", () => {
    const rows = [
      { id: "a", date: null },
      { id: "b", date: "2022" },
      { id: "c", date: null },
      { id: "d", date: "2023-01" },
    ];
    const order = new DateOrder(rows, (r) => r.date);
    expect(order.all("ASC").map((r) => r.id)).toEqual(["b", "d", "a", "c"]);
    expect(order.all("DESC").map((r) => r.id)).toEqual(["d", "b", "a", "c"]);
    expect(order.of([rows[2]!, rows[3]!, rows[0]!], "DESC").map((r) => r.id)).toEqual(["d", "a", "c"]);
  });
});
