import { describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { VisitOrder } from "../../src/facts/order";
import type { Row } from "../../src/facts/tables";
import { FIXTURES } from "../helpers";

const visits = loadFacts(FIXTURES).table("visits").rows;
const visit = (id: string, iso: string) => ({ id, date: { iso } }) as Row<"visits">;

describe("VisitOrder", () => {
  it("orders by the earliest day a date can stand for, ties in fixture order both ways", () => {
    const rows = [visit("a", "2023-06-12"), visit("b", "2022"), visit("c", "2023-06-12"), visit("d", "2022-01-01"), visit("e", "2023-06")];
    const order = new VisitOrder(rows);
    expect(order.all("ASC").map((v) => v.id)).toEqual(["b", "d", "e", "a", "c"]);
    expect(order.all("DESC").map((v) => v.id)).toEqual(["a", "c", "e", "b", "d"]);
  });

  it("orders any subset as the whole order would, without sorting the store again", () => {
    const order = new VisitOrder(visits);
    const subset = visits.filter((_, i) => i % 2 === 1).reverse();
    const inSubset = new Set(subset);
    for (const direction of ["ASC", "DESC"] as const) {
      expect(order.of(subset, direction)).toEqual(order.all(direction).filter((v) => inSubset.has(v)));
    }
  });
});
