/**
 * A list page as a Relay app writes it: a refetchable fragment on Query with the root `visits`
 * connection, ordered by an argument that is part of the connection's identity (`filters`).
 */
import { graphql } from "relay-runtime";

export const VisitListQuery = graphql`
  query VisitListQuery($direction: OrderDirection!, $count: Int = 3) {
    ...VisitList_query @arguments(direction: $direction, count: $count)
  }
`;

export const VisitList_query = graphql`
  fragment VisitList_query on Query
  @refetchable(queryName: "VisitListPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 3 }
    cursor: { type: "String" }
    direction: { type: "OrderDirection", defaultValue: ASC }
  ) {
    visits(first: $count, after: $cursor, orderBy: { field: DATE, direction: $direction })
      @connection(key: "VisitList_visits", filters: ["orderBy"]) {
      totalCount
      edges {
        node {
          id
          visitor {
            name
          }
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
