/**
 * Errors a client's first queries meet, through HTTP on the production settings: each says how to
 * fix it in its message and in machine-readable `extensions`.
 */
import { buildSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientSuggestions, connectionFix, isMachineryName } from "../../src/http/error-hints";
import { MAX_ERRORS_LISTED } from "../../src/request/apollo-plugins";
import { budgetForRefusals, startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  // A dozen mistakes, the first on a fresh server.
  server = await startServer(undefined, { development: false, rateLimit: budgetForRefusals(12) });
});
afterAll(() => server.close());

describe("a field of a connection's items asked of the connection", () => {
  it("says to select it under nodes or edges { node }, with extensions.fix", async () => {
    const res = await server.gql(`{ countries { name } }`);
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      {
        message:
          'Cannot query field "name" on type "CountryConnection". CountryConnection is a connection: select "name" on its items, under "nodes" or "edges { node }", as in "nodes { name }".',
        locations: [{ line: 1, column: 15 }],
        extensions: {
          code: "GRAPHQL_VALIDATION_FAILED",
          fix: { kind: "SELECT_UNDER_NODES", field: "name", connection: "CountryConnection", selectUnder: ["nodes", "edges.node"] },
        },
      },
    ]);
  });

  it("says so on a nested connection and for a field only some members of an interface's items have", async () => {
    const res = await server.gql(`{ country(code: "IR") { leaders { name } } search(query: "ra") { __typename } }`);
    expect(res.errors![0]!.extensions!.fix).toMatchObject({ field: "name", connection: "LeaderConnection" });
  });

  it("is left as graphql-js words it when the items have no such field either", async () => {
    const res = await server.gql(`{ countries { nme } }`);
    expect(res.errors![0]!.message).toBe('Cannot query field "nme" on type "CountryConnection".');
    expect(res.errors![0]!.extensions).not.toHaveProperty("fix");
  });
});

describe("suggestions", () => {
  it("are given in production, where introspection is on, and listed in extensions.suggestions", async () => {
    const res = await server.gql(`{ contries { totalCount } country(code: "IR") { nam } }`);
    expect(res.errors!.map((e) => [e.message, e.extensions!.suggestions])).toEqual([
      [
        'Cannot query field "contries" on type "Query". Did you mean "countries", "country", or "sources"?',
        ["countries", "country", "sources"],
      ],
      ['Cannot query field "nam" on type "Country". Did you mean "name"?', ["name"]],
    ]);
  });

  it("never name federation fields and types or introspection types", async () => {
    const res = await server.gql(`query($a: Any, $t: __Typ, $l: link__Impor) { entities { __typename } service { sdl } }`);
    const text = JSON.stringify(res.errors);
    for (const name of ["_entities", "_service", "_Any", "__Type", "link__Import"]) expect(text).not.toContain(name);
    expect(res.errors!.slice(0, 5).map((e) => e.message)).toEqual([
      'Unknown type "Any". Did you mean "Int"?',
      'Unknown type "__Typ".',
      'Unknown type "link__Impor".',
      'Cannot query field "entities" on type "Query".',
      'Cannot query field "service" on type "Query".',
    ]);
  });

  it("are parsed and written back as graphql-js writes them", () => {
    expect(clientSuggestions('Cannot query field "x" on type "Query". Did you mean "_entities", "sources", or "_service"?')).toEqual({
      message: 'Cannot query field "x" on type "Query". Did you mean "sources"?',
      suggestions: ["sources"],
    });
    expect(clientSuggestions('Unknown type "Ay". Did you mean "_Any" or "__Type"?')).toEqual({
      message: 'Unknown type "Ay".',
      suggestions: [],
    });
    expect(clientSuggestions('Value "PLANED" does not exist in "S" enum. Did you mean the enum value "PLANNED" or "_X"?')).toEqual({
      message: 'Value "PLANED" does not exist in "S" enum. Did you mean the enum value "PLANNED"?',
      suggestions: ["PLANNED"],
    });
    expect(
      clientSuggestions('Cannot query field "x" on type "U". Did you mean to use an inline fragment on "A" or "B"?').suggestions,
    ).toEqual(["A", "B"]);
    expect(["_entities", "__Schema", "federation__FieldSet", "link__Purpose"].every(isMachineryName)).toBe(true);
    expect(isMachineryName("countries")).toBe(false);
  });

  it("the connection fix is found only where the items have the field", () => {
    const schema = buildSchema(`
      type Query { things: ThingConnection! }
      type Thing { name: String! }
      type ThingEdge { node: Thing! cursor: String! }
      type ThingConnection { nodes: [Thing!]! edges: [ThingEdge!]! totalCount: Int! }
    `);
    expect(connectionFix('Cannot query field "name" on type "ThingConnection".', schema)).toMatchObject({ field: "name" });
    expect(connectionFix('Cannot query field "size" on type "ThingConnection".', schema)).toBeNull();
    expect(connectionFix('Cannot query field "name" on type "Thing".', schema)).toBeNull();
  });
});

describe("an answer with many request errors", () => {
  it("lists the first few and says how many more", async () => {
    const directives = Array.from({ length: 10 }, (_, i) => `@unknown${i}`).join(" ");
    const res = await server.gql(`{ countries ${directives} { totalCount } }`);
    expect(res.status).toBe(400);
    expect(res.errors).toHaveLength(MAX_ERRORS_LISTED + 1);
    expect(res.errors!.slice(0, MAX_ERRORS_LISTED).map((e) => e.message)).toEqual(
      Array.from({ length: MAX_ERRORS_LISTED }, (_, i) => `Unknown directive "@unknown${i}".`),
    );
    expect(res.errors!.at(-1)).toEqual({
      message: `${10 - MAX_ERRORS_LISTED} more errors not listed; fix those above and send the operation again to see the rest.`,
      extensions: { code: "TOO_MANY_ERRORS", omitted: 10 - MAX_ERRORS_LISTED },
    });
  });

  it("lists them all when one more would be the count", async () => {
    const directives = Array.from({ length: MAX_ERRORS_LISTED + 1 }, (_, i) => `@unknown${i}`).join(" ");
    const res = await server.gql(`{ countries ${directives} { totalCount } }`);
    expect(res.errors).toHaveLength(MAX_ERRORS_LISTED + 1);
    expect(res.errors!.every((e) => e.extensions!.code === "GRAPHQL_VALIDATION_FAILED")).toBe(true);
  });
});
