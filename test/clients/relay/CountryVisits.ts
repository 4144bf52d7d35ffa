/**
 * A country page as a Relay app writes it: a fragment on a Node type, refetchable through
 * `node(id:)`, with its visits as a `@connection`. relay-compiler compiles this file against
 * schema/client.graphql (see relay.config.json); the test runs the artifacts, not this module.
 */
import { graphql } from "relay-runtime";

export const CountryVisitsQuery = graphql`
  query CountryVisitsQuery($code: String!, $count: Int = 2) {
    country(code: $code) {
      ...CountryVisits_country @arguments(count: $count)
    }
  }
`;

export const CountryVisits_country = graphql`
  fragment CountryVisits_country on Country
  @refetchable(queryName: "CountryVisitsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 2 }, cursor: { type: "String" }) {
    name
    code
    visitsMade(first: $count, after: $cursor) @connection(key: "CountryVisits_visitsMade") {
      totalCount
      edges {
        node {
          id
          city
          status
          hostCountry {
            name
          }
          date {
            iso
          }
        }
      }
    }
  }
`;
