/** The federation entry points of our subgraph, over HTTP as a router calls them: `_service` and `_entities`. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { TABLES, TABLE_NAMES } from "../../src/facts/tables";
import { encodeId } from "../../src/graph/shapes/ids";
import { withArticle } from "../../src/graph/shapes/words";
import { FIXTURES, startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const store = loadFacts(FIXTURES);

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on Node { id } }
}`;

async function entities(representations: { __typename: string; id?: unknown }[]) {
  server.batches.clear();
  const res = await server.gql<{ _entities: ({ __typename: string; id: string } | null)[] }>(ENTITIES, { representations });
  return { ...res, batches: Object.fromEntries(server.batches) };
}

describe("_service { sdl }", () => {
  it("is schema/subgraph.graphql byte for byte", async () => {
    const res = await server.gql<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!._service.sdl).toBe(readFileSync(path.resolve(__dirname, "..", "..", "schema", "subgraph.graphql"), "utf8"));
  });
});

describe("_entities", () => {
  it.each(TABLE_NAMES)("resolves %s by key: known id, unknown id (null), malformed and foreign ids (BAD_USER_INPUT)", async (table) => {
    const typename = TABLES[table].typename;
    const known = encodeId(table, store.table(table).rows[0]!.id);
    const unknown = encodeId(table, "no-such-record");
    const foreign = encodeId(
      table === "countries" ? "leaders" : "countries",
      store.table(table === "countries" ? "leaders" : "countries").rows[0]!.id,
    );
    const res = await entities([
      { __typename: typename, id: known },
      { __typename: typename, id: unknown },
      { __typename: typename, id: "not-a-node-id" },
      { __typename: typename, id: foreign },
      { __typename: typename },
    ]);
    expect(res.status).toBe(200);
    expect(res.data!._entities).toEqual([{ __typename: typename, id: known }, null, null, null, null]);
    // Only the malformed representations are errors; each names its place and says what is wrong.
    expect(res.errors!.map((e) => [e.path, e.extensions!.code, e.extensions!.argumentName])).toEqual([
      [["_entities", 2], "BAD_USER_INPUT", "representations.id"],
      [["_entities", 3], "BAD_USER_INPUT", "representations.id"],
      [["_entities", 4], "BAD_USER_INPUT", "representations"],
    ]);
    expect(res.errors![0]!.message).toBe('Argument "representations.id" is not a valid Node ID: "not-a-node-id".');
    expect(res.errors![1]!.message).toMatch(
      new RegExp(`must be the ID of ${withArticle(typename)}, but .* is the ID of a (Leader|Country)`),
    );
    // The valid ones cost one look-up batch, whatever the errors beside them.
    expect(res.batches).toEqual({ [`${table}.byId`]: 1 });
  });

  it("resolves N representations of one type in one batch, and each type of a mixed list in one", async () => {
    const countries = store.table("countries").rows.map((row) => ({ __typename: "Country", id: encodeId("countries", row.id) }));
    const leaders = store.table("leaders").rows.map((row) => ({ __typename: "Leader", id: encodeId("leaders", row.id) }));
    expect(countries.length).toBeGreaterThan(3);

    const one = await entities(countries);
    expect(one.errors).toBeUndefined();
    expect(one.data!._entities).toEqual(countries);
    expect(one.batches).toEqual({ "countries.byId": 1 });

    const mixed = [...countries, ...leaders, ...countries].sort((a, b) => a.id.localeCompare(b.id));
    const res = await entities(mixed);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual(mixed);
    expect(res.batches).toEqual({ "countries.byId": 1, "leaders.byId": 1 });
  });

  it("resolves the fields a router asks for on an entity", async () => {
    server.batches.clear();
    const res = await server.gql(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Country { name code leaders { totalCount } } } }`,
      { representations: [{ __typename: "Country", id: encodeId("countries", "venezuela") }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toMatchObject({ name: "Venezuela", code: "VE" });
    expect(res.data!._entities[0].leaders.totalCount).toBeGreaterThan(0);
  });

  it("resolves a Country, Leader or Organization by its Wikidata ID, the second key, for every record that has one", async () => {
    const keyed = (["countries", "leaders", "organizations"] as const).flatMap((table) =>
      store
        .table(table)
        .rows.filter((row) => row.wikidataId !== null)
        .map((row) => ({ __typename: TABLES[table].typename, wikidataId: row.wikidataId!, id: encodeId(table, row.id) })),
    );
    expect(keyed.length).toBeGreaterThanOrEqual(8);
    const res = await entities(keyed.map(({ __typename, wikidataId }) => ({ __typename, wikidataId })));
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual(keyed.map(({ __typename, id }) => ({ __typename, id })));
  });

  it("answers null for a Wikidata ID no record holds, and names the keys a representation lacks", async () => {
    const res = await entities([
      { __typename: "Country", wikidataId: "Q1" },
      { __typename: "Country" },
      { __typename: "Visit", wikidataId: "Q717" },
    ] as never);
    expect(res.data!._entities).toEqual([null, null, null]);
    expect(res.errors!.map((e) => [e.path, e.message])).toEqual([
      [["_entities", 1], 'Representation 1 needs its key "id", the Node ID of a Country or "wikidataId".'],
      [["_entities", 2], 'Representation 2 needs its key "id", the Node ID of a Visit.'],
    ]);
  });
});
