/**
 * Lists that grow with the sources are connections: a record that many sources each give one more
 * value of such a list pages every value, past the bound the cost model counts a plain list at.
 */
import { toGlobalId } from "graphql-relay";
import { describe, expect, it } from "vitest";
import { MAX_LIST_ITEMS } from "../../src/facts/records";
import { fixturesWithCopies, servedFrom } from "./many-sources";

/** More sources than a plain list's bound, each giving one more value. */
const SOURCES = MAX_LIST_ITEMS + 5;

/** A person no served source names, declared for these sources to give roles. */
const PERSON = "test-minister";

const PURPOSE = "raisi-venezuela-2023-purpose";
const claimOf = (i: number) => `purpose-report-${i}`;

/** What source `i` of the copies states: one more value of every list under test. */
function statedBy(i: number, article: Record<string, any>): Record<string, unknown> {
  // The first copy's claim agrees with each later copy's claim of the same purpose.
  const corroborates = i === 1 ? Array.from({ length: SOURCES - 1 }, (_, j) => claimOf(j + 2)) : [];
  return {
    claims: { [claimOf(i)]: { ...article.claims[PURPOSE], corroborates } },
    people: {
      [PERSON]: {
        name: "Yvan Gil",
        roles: [{ title: `Foreign Minister, as report ${i} has it`, citations: [{ sentence: 2, quote: "Foreign Minister Yvan Gil" }] }],
        citations: [{ sentence: 2, quote: "Yvan Gil" }],
      },
    },
  };
}

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

describe(`a record that ${SOURCES} sources each give one more value of a list`, () => {
  const served = servedFrom(() =>
    fixturesWithCopies(1, SOURCES, {
      // Numbered to sort as they count.
      folder: (i) => `report-${String(i).padStart(2, "0")}`,
      states: statedBy,
      declares: { people: [PERSON] },
    }),
  );

  /** Every node of a connection, page by page of `first`, through `pick` of the answer. */
  async function everyNode<T>(
    query: string,
    variables: Record<string, unknown>,
    pick: (data: any) => Page<T>,
    total = SOURCES,
  ): Promise<T[]> {
    const seen: T[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { data, errors } = await served.server().gql(query, { ...variables, first: 4, after });
      expect(errors).toBeUndefined();
      const connection = pick(data);
      expect(connection.totalCount).toBe(total);
      seen.push(...connection.nodes);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    return seen;
  }

  it("Person.roles pages every role, in the order of the sources", async () => {
    const roles = await everyNode(
      `query ($id: ID!, $first: Int, $after: String) {
        node(id: $id) { ... on Person { roles(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { title } } } }
      }`,
      { id: toGlobalId("Person", PERSON) },
      (data) => data.node.roles,
    );
    expect(roles).toEqual(Array.from({ length: SOURCES }, (_, i) => ({ title: `Foreign Minister, as report ${i + 1} has it` })));
  });

  it("Claim.corroborations pages every claim agreed with; the deprecated corroborates serves the first ten of them", async () => {
    const query = `query ($id: ID!, $first: Int, $after: String) {
      node(id: $id) { ... on Claim {
        corroborates { id }
        corroborations(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
      } }
    }`;
    const id = toGlobalId("Claim", claimOf(1));
    const agreed = Array.from({ length: SOURCES - 1 }, (_, j) => ({ id: toGlobalId("Claim", claimOf(j + 2)) }));
    expect(await everyNode(query, { id }, (data) => data.node.corroborations, SOURCES - 1)).toEqual(agreed);
    const { data } = await served.server().gql(query, { id });
    expect(data!.node.corroborates).toEqual(agreed.slice(0, MAX_LIST_ITEMS));
  });
});
