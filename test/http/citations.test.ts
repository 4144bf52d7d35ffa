/**
 * Citations grow with the sources: every cited record pages them (`citedIn`), and the deprecated
 * `citations` list keeps its first page, so a record that many sources state still starts and
 * answers within the list's bound.
 */
import { fromGlobalId, toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { startServer, type TestServer } from "../helpers";
import { fixturesWithCopies, servedFrom } from "./many-sources";

const VISIT = "raisi-venezuela-2023";
const SOURCES = 50;

/**
 * The served fixtures, with 49 more sources (the article again, in folders of their own) that each
 * state the visit once more, with one citation: a record stated by 50 sources.
 */
function fixturesCitedBy(sources: number): string {
  return fixturesWithCopies(2, sources, {
    folder: (i) => `report-${i}`,
    states: (_, article) => ({ visits: { [VISIT]: { citations: [article.visits[VISIT].citations[0]] } } }),
  });
}

const CITATIONS = `query ($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on Visit {
      citations { source { id } sentence quote }
      citedIn(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { source { id } sentence quote }
      }
    }
  }
}`;

describe("a record stated by 50 sources", () => {
  const served = servedFrom(() => fixturesCitedBy(SOURCES));

  it("starts, and pages every citation in the order the sources give them", async () => {
    const stored = loadFacts(served.dir()).table("visits").get(VISIT)!;
    const id = toGlobalId("Visit", VISIT);
    const seen: unknown[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { data, errors } = await served.server().gql(CITATIONS, { id, first: 20, after });
      expect(errors).toBeUndefined();
      const citedIn: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: any[] } = data!.node.citedIn;
      expect(citedIn.totalCount).toBe(stored.citations.length);
      seen.push(...citedIn.nodes.map((c: any) => ({ source: fromGlobalId(c.source.id).id, sentence: c.sentence, quote: c.quote })));
      if (!citedIn.pageInfo.hasNextPage) break;
      after = citedIn.pageInfo.endCursor;
    }
    expect(seen).toEqual(stored.citations);
    expect(new Set(seen.map((c: any) => c.source)).size).toBe(SOURCES);
  });

  it("keeps the deprecated list to its first page, the bound the cost model counts", async () => {
    const { data } = await served.server().gql(CITATIONS, { id: toGlobalId("Visit", VISIT), first: 10 });
    expect(data!.node.citations).toHaveLength(10);
    expect(data!.node.citations).toEqual(data!.node.citedIn.nodes);
  });
});

describe("the served fixtures", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it("answer the same citations from the list and from the connection, for every cited record", async () => {
    const { data, errors } = await server.gql(`{
      visits(first: 30) { nodes { id citations { quote } citedIn(first: 10) { totalCount nodes { quote } } } }
      claims(first: 30) { nodes { id citations { quote } citedIn(first: 10) { totalCount nodes { quote } } } }
      countries(first: 30) { nodes { id citations { quote } citedIn(first: 10) { totalCount nodes { quote } } } }
    }`);
    expect(errors).toBeUndefined();
    const records = [...data!.visits.nodes, ...data!.claims.nodes, ...data!.countries.nodes];
    expect(records.length).toBeGreaterThan(10);
    for (const record of records) {
      expect(record.citedIn.nodes).toEqual(record.citations);
      expect(record.citedIn.totalCount).toBe(record.citations.length);
    }
  });
});
