/**
 * Ordering is declared once on an entity and reaches every connection of it, a forward
 * `connection` relation included (the served schema has none to a dated type yet): a made-up
 * table of exhibitions, each opened on a date and showing visits of the fixtures.
 */
import { graphql } from "graphql";
import { Field, ObjectType } from "type-graphql";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { LocalId } from "../../src/facts/records";
import { FactStore } from "../../src/facts/store";
import { TABLES, TABLE_NAMES, type Catalogue } from "../../src/facts/tables";
import { connection, defineEntity } from "../../src/graph/entity-base/entity";
import { Node } from "../../src/graph/entity-base/node";
import { orderBy } from "../../src/graph/shapes/order";
import { buildGraphSchema, ENTITIES } from "../../src/graph/assembly/schema";
import { FIXTURES } from "../helpers";

const CATALOGUE: Catalogue = {
  ...TABLES,
  exhibitions: {
    typename: "Exhibition",
    record: z.strictObject({ id: LocalId, opened: z.string().nullable(), shows: z.array(LocalId) }),
    refs: { shows: "visits" },
  },
};

@ObjectType({ simpleResolvers: true, implements: Node, description: "A made-up kind of record: an exhibition of visits." })
class Exhibition extends Node {
  @Field(() => String, { nullable: true, description: "When it opened." })
  opened!: string | null;
}

const exhibition = defineEntity({
  table: "exhibitions",
  type: Exhibition,
  list: { description: "Every exhibition." },
  order: orderBy<{ opened: string | null }>({ DATE: { description: "Order by the opening date.", key: (e) => e.opened } }),
  relations: { shows: connection("The visits it shows.", { inverse: null }) },
});

const facts = loadFacts(FIXTURES);
const visits = facts.table("visits").rows;
// Every visit, shown in reverse fixture order: the connection must not keep the list's own order.
const EXHIBITIONS = [
  { id: "late", opened: "2024-05", shows: [...visits].reverse().map((v) => v.id) },
  { id: "undated", opened: null, shows: [] },
  { id: "early", opened: "2019", shows: [visits[0]!.id] },
];
const rows = Object.fromEntries(TABLE_NAMES.map((table) => [table, [...facts.table(table).rows]]));
const store = new FactStore({ ...rows, exhibitions: EXHIBITIONS } as never, CATALOGUE);
const schema = buildGraphSchema({ entities: [...ENTITIES, exhibition], catalogue: CATALOGUE });

async function run(source: string) {
  const res = await graphql({ schema, source, contextValue: createContext(store, "order-test") });
  expect(res.errors).toBeUndefined();
  return JSON.parse(JSON.stringify(res.data)) as Record<string, any>;
}

describe("an ordering declared on an entity", () => {
  it("orders its root list, undated records last either way", async () => {
    const data = await run(`{
      asc: exhibitions { nodes { opened } }
      desc: exhibitions(orderBy: { field: DATE, direction: DESC }) { nodes { opened } }
    }`);
    expect(data.asc.nodes.map((e: any) => e.opened)).toEqual(["2019", "2024-05", null]);
    expect(data.desc.nodes.map((e: any) => e.opened)).toEqual(["2024-05", "2019", null]);
    expect(
      schema
        .getQueryType()!
        .getFields()
        .exhibitions!.args.map((a) => `${a.name}: ${a.type}`),
    ).toContain("orderBy: ExhibitionOrder");
  });

  it("orders a forward connection to a dated type by the target's order, paged after ordering", async () => {
    const data = await run(`{
      exhibitions(first: 1, orderBy: { field: DATE, direction: DESC }) {
        nodes {
          shows(first: 3) { totalCount nodes { date { iso } } }
          latest: shows(first: 3, orderBy: { field: DATE, direction: DESC }) { nodes { date { iso } } }
        }
      }
      visits(first: 3) { nodes { date { iso } } }
      latestVisits: visits(first: 3, orderBy: { field: DATE, direction: DESC }) { nodes { date { iso } } }
    }`);
    const [late] = data.exhibitions.nodes;
    expect(late.shows.totalCount).toBe(visits.length);
    expect(late.shows.nodes).toEqual(data.visits.nodes);
    expect(late.latest.nodes).toEqual(data.latestVisits.nodes);
  });
});
