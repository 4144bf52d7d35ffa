/**
 * The operations the bench drives, with their variables. Every server in the
 * run must answer each with byte-identical `data`.
 */
import { offsetToCursor, toGlobalId } from "graphql-relay";

export interface BenchQuery {
  /** Short name used in the table. */
  name: string;
  /** What the row measures, for the README. */
  description: string;
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * The 4-level walk: countries -> leaders -> country, visits -> host -> sanctions -> imposer, memberships.
 * Each connection asks for a page at least as large as any list it reads (so the answer is the same as at the
 * default of 20), which keeps it within the cost limit.
 */
export const NESTED: BenchQuery = {
  name: "nested",
  description: "4-level walk: countries -> leaders -> country, visits -> host -> sanctions -> imposer, memberships",
  query: `query Nested {
  countries(first: 10) {
    totalCount
    nodes {
      id name code
      leaders(first: 5) { totalCount nodes {
        id name role current
        country { id name }
        visits(first: 5) { totalCount nodes {
          id status
          date { iso precision asWritten }
          hostCountry { id name
            sanctionsReceived(first: 3) { totalCount nodes { id description imposer { id name code } } }
          }
        } }
      } }
      memberships(first: 5) { nodes { id name kind } }
    }
  }
}`,
};

export const LOOKUP: BenchQuery = {
  name: "lookup",
  description: "one entity by Node ID, with one relation",
  query: `query Lookup($id: ID!) { leader(id: $id) { id name role current country { id name code } } }`,
  variables: { id: toGlobalId("Leader", "ebrahim-raisi") },
};

export const PAGE: BenchQuery = {
  name: "page",
  description: "a connection page: visits by date, 5 after the 3rd, with cursors",
  query: `query Page($first: Int!, $after: String) {
  visits(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id status date { iso precision } hostCountry { id name } } }
  }
}`,
  variables: { first: 5, after: offsetToCursor(2) },
};

export const SEARCH: BenchQuery = {
  name: "search",
  description: "name search across entity types (a union)",
  query: `query Search($q: String!) {
  search(query: $q, first: 10) {
    __typename
    ... on Country { id name code }
    ... on Leader { id name role }
    ... on Organization { id name kind }
    ... on Event { id name }
  }
}`,
  variables: { q: "an" },
};

/** Apollo's fixed cost per request: no field resolves anything. */
export const TYPENAME: BenchQuery = {
  name: "__typename",
  description: "`{ __typename }`: the fixed cost of a request",
  query: "{ __typename }",
};

export const QUERIES = [NESTED, LOOKUP, PAGE, SEARCH] as const;

/** The JSON body a client POSTs for a query. */
export function bodyOf(q: BenchQuery): string {
  return JSON.stringify({ query: q.query, variables: q.variables ?? {} });
}
