/**
 * Apollo Client 4 (core, no React) against the real server: the README's examples as codegen's
 * typed documents, fragments on the interfaces Node and Cited with schema/possible-types.json,
 * and a paged walk merged by docs/clients.md's connectionPagination(), all in one cache in any order.
 */
import { ApolloClient, HttpLink, InMemoryCache, type PossibleTypesMap } from "@apollo/client";
import { format } from "node:util";
import { filter, firstValueFrom } from "rxjs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import introspection from "../../schema/possible-types.json";
import { AbstractFragmentsDocument, VisitsPageDocument } from "../__generated__/graphql";
import { startServer, type TestServer } from "../helpers";
import { connectionPagination } from "./connection-policy";
import { EXAMPLES, onePage, PAGE_SIZE, reference, withoutTypename, type Example } from "./shared";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

// Apollo Client reports lost data (an unmatched fragment, a field it cannot merge) only on the console.
const warnings = () => [...vi.mocked(console.warn).mock.calls, ...vi.mocked(console.error).mock.calls].map((call) => format(...call));
beforeAll(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.mocked(console.warn).mockClear();
  vi.mocked(console.error).mockClear();
});
afterAll(() => vi.restoreAllMocks());

/** The client as docs/clients.md sets it up. */
function apolloClient(possibleTypes: PossibleTypesMap | undefined = introspection.possibleTypes) {
  return new ApolloClient({
    link: new HttpLink({ uri: `${server.url}/graphql` }),
    cache: new InMemoryCache({
      possibleTypes,
      typePolicies: { Query: { fields: { visits: connectionPagination(["filter", "orderBy"]) } } },
    }),
  });
}

/** Runs an example and checks the client's answer is the server's. */
async function runExample(client: ApolloClient, example: Example) {
  const { data, error } = await client.query({ query: example.document, variables: example.variables });
  expect(error, example.name).toBeUndefined();
  example.check(withoutTypename(data));
  expect(withoutTypename(data), example.name).toEqual(await reference(server, example.document, example.variables));
  return data;
}

/** Walks the visits with fetchMore from the first page to the last; the merged page, and the pages it took. */
async function walkVisits(client: ApolloClient) {
  const query = client.watchQuery({ query: VisitsPageDocument, variables: { first: PAGE_SIZE } });
  let { visits } = (await firstValueFrom(query.pipe(filter((r) => r.dataState === "complete")))).data;
  let pages = 1;
  while (visits.pageInfo.hasNextPage) {
    if (!visits.pageInfo.endCursor) throw new Error(`page ${pages} has a next page and no endCursor`);
    await query.fetchMore({ variables: { after: visits.pageInfo.endCursor } });
    const current = query.getCurrentResult();
    if (current.dataState !== "complete") throw new Error(`after page ${pages}, the merged result is ${current.dataState}`);
    visits = current.data.visits;
    pages++;
    expect(visits.edges).toHaveLength(Math.min(pages * PAGE_SIZE, 9));
  }
  return { visits, pages };
}

async function expectWholeWalk(visits: Awaited<ReturnType<typeof walkVisits>>["visits"]) {
  const merged = withoutTypename(visits);
  const big = await onePage(server);
  expect(merged.edges).toEqual(big.edges);
  expect(merged.totalCount).toBe(big.totalCount);
  expect(merged.pageInfo).toMatchObject({ hasNextPage: false, endCursor: big.pageInfo.endCursor });
}

describe("Apollo Client", () => {
  it.each(EXAMPLES.map((e) => [e.name, e] as const))(
    "runs the README's %s and gets the server's answer back from its cache",
    async (_name, example) => {
      const client = apolloClient();
      const data = await runExample(client, example);
      // Read back from the normalized cache alone, the same.
      expect(client.readQuery({ query: example.document, variables: example.variables })).toEqual(data);
      expect(warnings()).toEqual([]);
    },
  );

  describe("fragments on Node and Cited", () => {
    const variables = { code: "VE", search: "ra" };

    it("are dropped without possibleTypes: the data this test asks for is missing (Apollo warns on the console)", async () => {
      const { data } = await apolloClient({}).query({ query: AbstractFragmentsDocument, variables });
      expect(data!.country).not.toHaveProperty("citations");
      expect(data!.country).not.toHaveProperty("id");
      expect(data!.country!.visitsHosted.nodes[0]).not.toHaveProperty("citations");
      expect(data!.search.map((r) => Object.keys(r).sort())).toContainEqual(["__typename"]);
      expect(warnings().join("\n")).toMatch(/missing `possibleTypes` entry for the supertype of Country/);
    });

    it("come back whole with schema/possible-types.json", async () => {
      const client = apolloClient();
      const { data, error } = await client.query({ query: AbstractFragmentsDocument, variables });
      expect(error).toBeUndefined();
      expect(withoutTypename(data)).toEqual(await reference(server, AbstractFragmentsDocument, variables));
      expect(data!.country).toMatchObject({
        id: expect.any(String),
        name: "Venezuela",
        citations: [{ sentence: 1, quote: "arrived in Venezuela" }, { sentence: 9 }],
      });
      for (const visit of data!.country!.visitsHosted.nodes) {
        expect(visit.id).toEqual(expect.any(String));
        expect(visit.citations.length).toBeGreaterThan(0);
      }
      expect(data!.search.map((r) => (r as { __typename?: string }).__typename)).toEqual(["Tour", "Leader", "Country"]);
      for (const result of data!.search) {
        expect(result.id).toEqual(expect.any(String));
        expect(result.citations!.length).toBeGreaterThan(0);
      }
      // Normalized by id through `... on Node`: the visits are cache entries of their own.
      expect(client.cache.extract()).toHaveProperty(`Visit:${data!.country!.visitsHosted.nodes[0]!.id}`);
      expect(warnings()).toEqual([]);
    });
  });

  it("walks visits page by page with fetchMore, and connectionPagination merges them into the one big page", async () => {
    const client = apolloClient();
    const fetches = vi.spyOn(globalThis, "fetch");
    const prepared = server.engines.get("prepared") ?? 0;
    try {
      const { visits, pages } = await walkVisits(client);
      expect(pages).toBe(5);
      expect(fetches).toHaveBeenCalledTimes(5);
      // Each page after the first is the same operation (Apollo Client names itself in `extensions`):
      // answered without Apollo's pipeline (src/speed/prepared.ts).
      expect((server.engines.get("prepared") ?? 0) - prepared).toBeGreaterThanOrEqual(4);
      await expectWholeWalk(visits);
      expect(warnings()).toEqual([]);
    } finally {
      fetches.mockRestore();
    }
  });

  it.each([
    ["every example, then the paged walk", "examples first"],
    ["the paged walk, then every example", "walk first"],
  ] as const)("runs %s in one cache: each answers as the server does, and reads back so", async (_what, order) => {
    const client = apolloClient();
    const examples = async () => {
      for (const example of EXAMPLES) await runExample(client, example);
    };
    const walk = async () => {
      const { visits, pages } = await walkVisits(client);
      expect(pages).toBe(5);
      await expectWholeWalk(visits);
    };
    if (order === "examples first") {
      await examples();
      await walk();
    } else {
      await walk();
      await examples();
    }
    // Each answer is in the cache beside the others, whole.
    for (const example of EXAMPLES)
      expect(withoutTypename(client.readQuery({ query: example.document, variables: example.variables })), example.name).toEqual(
        await reference(server, example.document, example.variables),
      );
    const { visits } = client.readQuery({ query: VisitsPageDocument, variables: { first: PAGE_SIZE } })!;
    await expectWholeWalk(visits);
    expect(warnings()).toEqual([]);
  });
});
