/**
 * A frontend team's first queries, written without studying the schema, against the real server
 * on its production settings: each either works or is refused with an error that names the fix,
 * in its message and in `extensions`. Then the README's first example and a paged walk in one
 * Apollo Client cache, in the order a team meets them.
 */
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VisitsPageDocument, WhoVisitedWhomDocument } from "../__generated__/graphql";
import { startServer, type TestServer } from "../helpers";
import { connectionPagination } from "./connection-policy";
import { onePage, PAGE_SIZE, reference, withoutTypename } from "./shared";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(undefined, { development: false });
});
afterAll(() => server.close());

describe("the first queries", () => {
  it("countries { name leaders { name } }: refused, saying to select the fields under nodes", async () => {
    const res = await server.gql(`{ countries { name leaders { name } } }`);
    expect(res.status).toBe(400);
    expect(res.errors!.map((e) => e.extensions)).toEqual([
      expect.objectContaining({
        code: "GRAPHQL_VALIDATION_FAILED",
        fix: expect.objectContaining({ field: "name", selectUnder: ["nodes", "edges.node"] }),
      }),
      expect.objectContaining({
        code: "GRAPHQL_VALIDATION_FAILED",
        fix: expect.objectContaining({ field: "leaders", selectUnder: ["nodes", "edges.node"] }),
      }),
    ]);
    expect(res.errors![0]!.message).toMatch(/select "name" on its items, under "nodes" or "edges \{ node \}"/);
    // Done as it says, it works.
    const fixed = await server.gql(`{ countries { nodes { name leaders { nodes { name } } } } }`);
    expect(fixed.errors).toBeUndefined();
    expect(fixed.data!.countries.nodes.length).toBe(7);
  });

  it("a typo (contries): refused with the field it meant, never a federation field", async () => {
    const res = await server.gql(`{ contries { totalCount } }`);
    expect(res.errors![0]!.message).toContain('Did you mean "countries"');
    expect(res.errors![0]!.extensions!.suggestions).toContain("countries");
    expect(JSON.stringify(res.errors)).not.toMatch(/_entities|_service/);
  });

  it('leaders(filter: { country: "IR" }): works, as country(code: "IR") does', async () => {
    const res = await server.gql(
      `{ leaders(filter: { country: "IR" }) { nodes { name } } country(code: "IR") { leaders { nodes { name } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.leaders.nodes.length).toBeGreaterThan(0);
    expect(res.data!.leaders.nodes).toEqual(res.data!.country.leaders.nodes);
  });

  it("visits(orderBy: { field: DATE }): works, earliest first", async () => {
    const res = await server.gql(`{ visits(orderBy: { field: DATE }) { nodes { date { iso } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.visits.nodes.map((v: { date: { iso: string } }) => v.date.iso)[0]).toBe("2007");
  });

  // What the refusal says of the fix (which connections count at their default size) is the cost refusal's own work.
  it("four levels of connections without first: works; a fifth is refused with the cost code and the limit", async () => {
    const four = "countries { nodes { name leaders { nodes { name visits { nodes { hostCountry { name } } } } } } }";
    const works = await server.gql(`{ ${four} }`);
    expect(works.errors).toBeUndefined();
    const five = await server.gql(
      `{ countries { nodes { name leaders { nodes { name visits { nodes { hostCountry { name leaders { nodes { name } } } } } } } } } }`,
    );
    expect(five.status).toBe(400);
    expect(five.errors![0]!.extensions).toMatchObject({ code: "COST_LIMIT_EXCEEDED", limit: 25000 });
  });
});

describe("Apollo Client, as docs/clients.md sets it up", () => {
  it("runs the README's first example, then walks the same list a page at a time, in one cache", async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: `${server.url}/graphql` }),
      cache: new InMemoryCache({ typePolicies: { Query: { fields: { visits: connectionPagination(["filter", "orderBy"]) } } } }),
    });
    const first = await client.query({ query: WhoVisitedWhomDocument });
    expect(withoutTypename(first.data)).toEqual(await reference(server, WhoVisitedWhomDocument));
    const page = await client.query({ query: VisitsPageDocument, variables: { first: PAGE_SIZE } });
    expect(page.data!.visits.edges).toHaveLength(PAGE_SIZE);
    expect(page.data!.visits.pageInfo.endCursor).toBe((await onePage(server)).edges[PAGE_SIZE - 1]!.cursor);
  });
});
