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
const VISIT = "raisi-venezuela-2023";
const EVENT = "russia-ukraine-war";
const SANCTION = "us-venezuela";
/** A leader each copy names, for the visit's welcomes: one more each. */
const leaderOf = (i: number) => `test-leader-${i}`;
const claimOf = (i: number) => `purpose-report-${i}`;

/** What source `i` of the copies states: one more value of every list under test. */
function statedBy(i: number, article: Record<string, any>): Record<string, unknown> {
  // The first copy's claim agrees with each later copy's claim of the same purpose.
  const corroborates = i === 1 ? Array.from({ length: SOURCES - 1 }, (_, j) => claimOf(j + 2)) : [];
  // Fresh objects for every use: the loader fills each citation's source in where it reads it.
  const cite = (sentence: number, quote: string) => [{ sentence, quote }];
  const described = () => cite(9, "The South American country");
  const characterizations = () => [{ text: `as report ${i} has it`, since: null, citations: described() }];
  return {
    claims: {
      [claimOf(i)]: { ...article.claims[PURPOSE], corroborates },
      [`visit-characterized-${i}`]: {
        subject: { visit: VISIT },
        field: "characterizations",
        text: `as report ${i} has it`,
        assertion: { modality: "HAPPENED" },
        citations: cite(1, "arrived in Venezuela"),
      },
    },
    countries: {
      venezuela: {
        characterizations: characterizations(),
        mentions: [{ text: `the country of report ${i}`, kind: "DESCRIPTION", citations: described() }],
        aliases: [`Venezuela of report ${i}`],
        citations: described(),
      },
    },
    organizations: { opec: { characterizations: characterizations(), aliases: [`OPEC of report ${i}`], citations: cite(6, "OPEC") } },
    events: {
      [EVENT]: {
        characterizations: characterizations(),
        aliases: [`the war of report ${i}`],
        citations: cite(6, "Russia's war on Ukraine"),
      },
    },
    sanctions: {
      [SANCTION]: {
        licenses: article.sanctions[SANCTION].licenses.map((license: object) => ({
          ...structuredClone(license),
          scope: `as report ${i} has it`,
        })),
        citations: cite(1, "all under sanctions from a common adversary, the United States"),
      },
    },
    leaders: {
      [leaderOf(i)]: { name: "Yvan Gil", role: "Foreign Minister", country: "venezuela", current: true, citations: cite(2, "Yvan Gil") },
    },
    visits: { [VISIT]: { receivedBy: [leaderOf(i)], citations: cite(2, "Raisi was welcomed in Caracas by Foreign Minister Yvan Gil") } },
    people: {
      [PERSON]: {
        name: "Yvan Gil",
        roles: [{ title: `Foreign Minister, as report ${i} has it`, citations: cite(2, "Foreign Minister Yvan Gil") }],
        citations: cite(2, "Yvan Gil"),
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
      declares: { people: [PERSON], leaders: Array.from({ length: SOURCES }, (_, i) => leaderOf(i + 1)) },
    }),
  );

  /** Every node of a connection, page by page of `first`, through `pick` of the answer. */
  async function everyNode<T>(
    query: string,
    variables: Record<string, unknown>,
    pick: (data: any) => Page<T>,
    total: number | null = SOURCES,
  ): Promise<T[]> {
    const seen: T[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { data, errors } = await served.server().gql(query, { ...variables, first: 4, after });
      expect(errors).toBeUndefined();
      const connection = pick(data);
      if (total !== null) expect(connection.totalCount).toBe(total);
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

  const reports = Array.from({ length: SOURCES }, (_, i) => `as report ${i + 1} has it`);
  it.each([
    ["Country", "venezuela", "characterizations", "characterizedAs", "text", reports],
    ["Country", "venezuela", "mentions", "mentionedAs", "text", reports.map((_, i) => `the country of report ${i + 1}`)],
    ["Organization", "opec", "characterizations", "characterizedAs", "text", reports],
    ["Event", EVENT, "characterizations", "characterizedAs", "text", reports],
    ["Visit", VISIT, "characterizations", "characterizedAs", "text", reports],
    ["Country", "venezuela", "aliases", "alsoKnownAs", null, reports.map((_, i) => `Venezuela of report ${i + 1}`)],
    ["Organization", "opec", "aliases", "alsoKnownAs", null, reports.map((_, i) => `OPEC of report ${i + 1}`)],
    ["Event", EVENT, "aliases", "alsoKnownAs", null, reports.map((_, i) => `the war of report ${i + 1}`)],
    ["Sanction", SANCTION, "licenses", "licensesGranted", "scope", reports],
    ["Visit", VISIT, "receivedBy", "welcomedBy", "id", reports.map((_, i) => toGlobalId("Leader", leaderOf(i + 1)))],
  ])(
    "%s %s: %s pages what the served source gives, then one more of each source; the plain list serves its first ten",
    async (type, local, list, connection, key, added) => {
      // A list of names has no fields to select: its items are the names.
      const selection = key === null ? "" : `{ ${key} }`;
      const value = (node: any) => (key === null ? node : node[key]);
      const query = `query ($id: ID!, $first: Int, $after: String) {
      node(id: $id) { ... on ${type} {
        ${list} ${selection}
        ${connection}(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes ${selection} }
      } }
    }`;
      const id = toGlobalId(type, local);
      const all = (await everyNode(query, { id }, (data) => data.node[connection], null)).map(value);
      expect(all.length).toBeGreaterThan(MAX_LIST_ITEMS);
      expect(all.slice(-SOURCES)).toEqual(added);
      const { data } = await served.server().gql(query, { id });
      expect(data!.node[list].map(value)).toEqual(all.slice(0, MAX_LIST_ITEMS));
    },
  );
});
