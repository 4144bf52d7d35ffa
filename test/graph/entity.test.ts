/**
 * Adding an entity, as a newcomer would: a made-up table in the catalogue, a
 * type, and one declaration with one relation each way. Nothing else is
 * written, and lookup, list, both relations, `node`, `_entities` and search
 * appear and work. A declaration that disagrees with the catalogue fails at
 * schema build, naming what to fix.
 */
import { graphql, isObjectType, isUnionType, type GraphQLNamedType } from "graphql";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { LocalId } from "../../src/facts/records";
import { FactStore } from "../../src/facts/store";
import { TABLES, TABLE_NAMES, type Catalogue } from "../../src/facts/tables";
import { defineEntity, one, type EntityDeclaration } from "../../src/graph/entity-base/entity";
import { checkEntities } from "../../src/graph/entity-base/entity-checks";
import { byRef, byValue, filterBy } from "../../src/graph/shapes/filters";
import { encodeId, nodeId } from "../../src/graph/shapes/ids";
import { Node } from "../../src/graph/entity-base/node";
import { buildGraphSchema, ENTITIES } from "../../src/graph/assembly/schema";
import { country } from "../../src/graph/country/country.entity";
import { FIXTURES } from "../helpers";

// 1. The catalogue entry: a table of gadgets, each made by a country.
const CATALOGUE: Catalogue = {
  ...TABLES,
  gadgets: {
    typename: "Gadget",
    record: z.strictObject({ id: LocalId, name: z.string(), maker: LocalId }),
    refs: { maker: "countries" },
    names: ["name"],
  },
};

// 2. Its type: the entity's own fields.
@ObjectType({ simpleResolvers: true, implements: Node, description: "A made-up kind of record: a device a country makes." })
class Gadget extends Node {
  @Field(() => String, { description: "What it is called." })
  name!: string;
}

@InputType({ description: "Narrows a list of gadgets; every given field must match." })
class GadgetFilter {
  @Field(() => ID, { nullable: true, description: "Only gadgets made by the country with this Node ID." })
  maker?: string | null;

  @Field(() => String, { nullable: true, description: "Only gadgets of this name." })
  name?: string | null;
}

// 3. Its declaration: the list and its filter, and the relation to its maker with the field it adds to Country.
const declaration: EntityDeclaration = {
  table: "gadgets",
  type: Gadget,
  list: {
    description: "Every gadget, in fixture order.",
    filter: filterBy(GadgetFilter, "Narrows the list; every given field must match.", { maker: byRef("maker"), name: byValue() }),
  },
  relations: { maker: one("The country that makes it.", { inverse: { gadgets: "Gadgets this country makes." } }) },
};
const gadget = defineEntity(declaration);

// Its records, beside the fixtures' own.
const GADGETS = [
  { id: "sprocket", name: "Sprocket", maker: "iran" },
  { id: "flux-capacitor", name: "Flux capacitor", maker: "venezuela" },
  { id: "spanner", name: "Spanner", maker: "iran" },
];
const facts = loadFacts(FIXTURES);
const rows = Object.fromEntries(TABLE_NAMES.map((table) => [table, [...facts.table(table).rows]]));
const store = new FactStore({ ...rows, gadgets: GADGETS } as never, CATALOGUE);

const schema = buildGraphSchema({ entities: [...ENTITIES, gadget], catalogue: CATALOGUE });

async function run(source: string, variableValues?: Record<string, unknown>) {
  const res = await graphql({ schema, source, variableValues, contextValue: createContext(store, "entity-test") });
  return JSON.parse(JSON.stringify(res)) as {
    data?: Record<string, any>;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

const fieldsOf = (name: string) => Object.keys((schema.getType(name) as GraphQLNamedType & { getFields(): object }).getFields()).sort();
const membersOf = (name: string) => {
  const type = schema.getType(name);
  return isUnionType(type) ? type.getTypes().map((t) => t.name) : [];
};

describe("an entity declared once", () => {
  it("appears in the schema: lookup, list, both relations, Node, search and the federation entity union", () => {
    const query = schema.getQueryType()!.getFields();
    expect(String(query.gadget!.type)).toBe("Gadget");
    expect(query.gadget!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(["id: ID!"]);
    expect(String(query.gadgets!.type)).toBe("GadgetConnection!");
    expect(fieldsOf("Gadget")).toEqual(["id", "maker", "name"]);
    expect(String((schema.getType("Gadget") as any).getFields().maker.type)).toBe("Country!");
    expect(String((schema.getType("Country") as any).getFields().gadgets.type)).toBe("GadgetConnection!");
    expect(fieldsOf("GadgetConnection")).toEqual(["edges", "nodes", "pageInfo", "totalCount"]);
    const type = schema.getType("Gadget");
    expect(isObjectType(type) && type.getInterfaces().map((i) => i.name)).toEqual(["Node"]);
    expect(membersOf("SearchResult")).toContain("Gadget");
    expect(membersOf("_Entity")).toContain("Gadget");
    expect(schema.getQueryType()!.description).toMatch(/list and filter countries, .*, sources and gadgets\.$/);
    expect(query.search!.description).toMatch(
      /^Finds countries, leaders, people, organizations, tours, agreements, events and gadgets by name or alias\./,
    );
  });

  it("works: looked up, listed, followed both ways, fetched as a node, found by search and resolved by key", async () => {
    const id = nodeId("Gadget", "sprocket");
    const res = await run(
      `query($id: ID!, $representations: [_Any!]!) {
        gadget(id: $id) { id name maker { name gadgets { totalCount nodes { name } } } }
        gadgets(first: 2) { totalCount nodes { name } pageInfo { hasNextPage } }
        node(id: $id) { __typename ... on Gadget { name } }
        search(query: "spanner") { __typename ... on Gadget { id } }
        _entities(representations: $representations) { __typename ... on Gadget { name } }
      }`,
      { id, representations: [{ __typename: "Gadget", id }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      gadget: {
        id,
        name: "Sprocket",
        maker: { name: "Iran", gadgets: { totalCount: 2, nodes: [{ name: "Sprocket" }, { name: "Spanner" }] } },
      },
      gadgets: { totalCount: 3, nodes: [{ name: "Sprocket" }, { name: "Flux capacitor" }], pageInfo: { hasNextPage: true } },
      node: { __typename: "Gadget", name: "Sprocket" },
      search: [{ __typename: "Gadget", id: nodeId("Gadget", "spanner") }],
      _entities: [{ __typename: "Gadget", name: "Sprocket" }],
    });
  });

  it("is filtered by reference and by value through its declared filter", async () => {
    const res = await run(
      `query($iran: ID) { byIran: gadgets(filter: { maker: $iran }) { totalCount } spanner: gadgets(filter: { maker: $iran, name: "Spanner" }) { nodes { name } } }`,
      {
        iran: encodeId("countries", "iran"),
      },
    );
    expect(res).toEqual({ data: { byIran: { totalCount: 2 }, spanner: { nodes: [{ name: "Spanner" }] } } });
    const wrong = await run(`{ gadgets(filter: { maker: "not-an-id" }) { totalCount } }`);
    expect(wrong.errors?.map((e) => e.extensions)).toEqual([{ code: "BAD_USER_INPUT", argumentName: "filter.maker" }]);
  });

  it("refuses an ID of another type, as every lookup does", async () => {
    const res = await run(`query($id: ID!) { gadget(id: $id) { name } }`, { id: encodeId("countries", "iran") });
    expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      [`Argument "id" must be the ID of a Gadget, but "${encodeId("countries", "iran")}" is the ID of a Country.`, "BAD_USER_INPUT"],
    ]);
  });
});

describe("a declaration that disagrees with the catalogue fails at schema build", () => {
  it("the served entities and catalogue agree", () => {
    expect(() => checkEntities(TABLES, ENTITIES)).not.toThrow();
  });

  it("an entity left out of the list", () => {
    expect(() => buildGraphSchema({ entities: ENTITIES, catalogue: CATALOGUE })).toThrow(
      /gadgets: the catalogue's table \(Gadget\) has no entity in the schema's list; add its entity to ENTITIES/,
    );
    expect(() =>
      checkEntities(
        TABLES,
        ENTITIES.filter((entity) => entity.table !== "tours"),
      ),
    ).toThrow(/tours: the catalogue's table \(Tour\) has no entity/);
  });

  it("a relation declared without its inverse", () => {
    // @ts-expect-error: a relation must say which field it adds to the other end, or `inverse: null`.
    const maker = one("The country that makes it.", {});
    const forgetful = defineEntity({ ...declaration, relations: { maker } });
    expect(() => checkEntities(CATALOGUE, [...ENTITIES, forgetful])).toThrow(
      /Gadget\.maker: says nothing of its inverse; name the field it adds to Country/,
    );
  });

  it("a reference of the catalogue that no relation follows, and a relation that follows no reference", () => {
    expect(() => checkEntities(CATALOGUE, [...ENTITIES, defineEntity({ ...declaration, relations: {} })])).toThrow(
      /gadgets\.maker: the catalogue's reference is followed by no relation of Gadget/,
    );
    const misnamed = defineEntity({ ...declaration, relations: { madeBy: one("The country that makes it.", { inverse: null }) } });
    expect(() => checkEntities(CATALOGUE, [...ENTITIES, misnamed])).toThrow(
      /Gadget\.madeBy: "madeBy" is not a reference of gadgets in the catalogue/,
    );
  });

  it("an inverse that takes a field another relation already adds", () => {
    const clash = defineEntity({
      ...declaration,
      relations: { maker: one("The country that makes it.", { inverse: { leaders: "Gadgets this country makes." } }) },
    });
    expect(() => checkEntities(CATALOGUE, [...ENTITIES, clash])).toThrow(
      /Country\.leaders is the inverse of both leaders\.country and gadgets\.maker/,
    );
  });

  it("an entity that says it has its own lookup, without the resolver that defines it", () => {
    const lookupless = ENTITIES.map((entity) => (entity === country ? defineEntity({ ...country, resolvers: [] }) : entity));
    expect(() => buildGraphSchema({ entities: lookupless })).toThrow(
      /Country says it defines Query\.country itself, but none of its resolvers does/,
    );
  });

  // Last: a failed build leaves Type-GraphQL's metadata as that build changed it.
  it("a relation field that takes the name of a field of the type's own", () => {
    const shadowing = defineEntity({
      ...declaration,
      relations: { maker: one("The country that makes it.", { inverse: { name: "Gadgets this country makes." } }) },
    });
    expect(() => buildGraphSchema({ entities: [...ENTITIES, shadowing], catalogue: CATALOGUE })).toThrow(
      /Country\.name: the inverse of gadgets\.maker has the name of one of Country's own fields/,
    );
  });
});
