/**
 * The peers' schema: plain SDL and a resolver map (no Type-GraphQL), covering
 * only the fields the bench queries ask for, with real resolvers over the same
 * store and per-request DataLoaders (src/loaders.ts) as newsfacts. Mercurius
 * and plain Apollo both serve this one definition, so they differ only in
 * their engines.
 */
import { connectionFromArray } from "graphql-relay";
import { searchIndexOf } from "../../../src/facts/search";
import type { FactStore } from "../../../src/facts/store";
import type { Row, TableName } from "../../../src/facts/tables";
import { encodeId, tryDecodeId } from "../../../src/graph/shapes/ids";
import { Loaders } from "../../../src/loaders";
import { dateOrderOf } from "../../../src/facts/order";

export const typeDefs = /* GraphQL */ `
  type Query {
    countries(first: Int, after: String, last: Int, before: String): CountryConnection!
    leader(id: ID!): Leader
    visits(first: Int, after: String, last: Int, before: String): VisitConnection!
    search(query: String!, first: Int): [SearchResult!]!
  }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type FactDate { iso: String! precision: DatePrecision! asWritten: String }
  enum DatePrecision { DAY MONTH YEAR }
  enum VisitStatus { COMPLETED IN_PROGRESS PLANNED }
  enum OrganizationKind { INTERGOVERNMENTAL COMPANY NEWS_AGENCY GOVERNMENT OTHER }
  type Country {
    id: ID! name: String! code: String!
    leaders(first: Int, after: String): LeaderConnection!
    memberships(first: Int, after: String): OrganizationConnection!
    sanctionsReceived(first: Int, after: String): SanctionConnection!
  }
  type Leader { id: ID! name: String! role: String! current: Boolean! country: Country! visits(first: Int, after: String): VisitConnection! }
  type Visit { id: ID! status: VisitStatus! date: FactDate! hostCountry: Country! }
  type Sanction { id: ID! description: String imposer: Country! }
  type Organization { id: ID! name: String! kind: OrganizationKind! }
  type Tour { id: ID! name: String! }
  type Agreement { id: ID! name: String! }
  type Event { id: ID! name: String! }
  union SearchResult = Country | Leader | Organization | Tour | Agreement | Event
  ${["Country", "Leader", "Visit", "Sanction", "Organization"]
    .map(
      (t) =>
        `type ${t}Connection { totalCount: Int! nodes: [${t}!]! edges: [${t}Edge!]! pageInfo: PageInfo! } type ${t}Edge { cursor: String! node: ${t}! }`,
    )
    .join("\n")}
`;

export interface PeerContext {
  store: FactStore;
  loaders: Loaders;
}

export function peerContext(store: FactStore): PeerContext {
  return { store, loaders: new Loaders(store) };
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

function page<T>(items: readonly T[], args: PageArgs) {
  const c = connectionFromArray(items as T[], {
    first: args.first ?? (args.last == null ? 20 : undefined),
    after: args.after ?? undefined,
    last: args.last ?? undefined,
    before: args.before ?? undefined,
  });
  return { edges: c.edges, nodes: c.edges.map((e) => e.node), pageInfo: c.pageInfo, totalCount: items.length };
}

const id = (table: TableName) => (row: { id: string }) => encodeId(table, row.id);
const byId = (table: TableName, key: (row: never) => string) => (row: never, _: unknown, ctx: PeerContext) =>
  ctx.loaders.byId(table).load(key(row));
const reverse =
  <T extends TableName>(table: T, path: string) =>
  async (row: { id: string }, args: PageArgs, ctx: PeerContext) =>
    page(await ctx.loaders.referencing(table, path as never).load(row.id), args);

export const resolvers = {
  Query: {
    countries: (_: unknown, args: PageArgs, ctx: PeerContext) => page(ctx.store.table("countries").rows, args),
    leader: (_: unknown, args: { id: string }, ctx: PeerContext) => {
      const decoded = tryDecodeId(args.id);
      return decoded?.table === "leaders" ? ctx.loaders.maybe("leaders", decoded.localId) : null;
    },
    visits: (_: unknown, args: PageArgs, ctx: PeerContext) =>
      // The same order the served API's visits take by default, from the store alone: the peers load no type-graphql.
      page(dateOrderOf<Row<"visits">>(ctx.store, "visits", "DATE", (v) => v.date.iso).all("ASC"), args),
    search: (_: unknown, args: { query: string; first?: number | null }, ctx: PeerContext) =>
      searchIndexOf(ctx.store)
        .search(args.query, args.first ?? 10)
        .map((hit) => hit.row),
  },
  SearchResult: { __resolveType: (row: { __typename: string }) => row.__typename },
  Country: {
    id: id("countries"),
    leaders: reverse("leaders", "country"),
    memberships: reverse("organizations", "members"),
    sanctionsReceived: reverse("sanctions", "target"),
  },
  Leader: { id: id("leaders"), country: byId("countries", (l: Row<"leaders">) => l.country), visits: reverse("visits", "visitor") },
  Visit: { id: id("visits"), hostCountry: byId("countries", (v: Row<"visits">) => v.hostCountry) },
  Sanction: { id: id("sanctions"), imposer: byId("countries", (s: Row<"sanctions">) => s.imposer) },
  Organization: { id: id("organizations") },
  Tour: { id: id("tours") },
  Agreement: { id: id("agreements") },
  Event: { id: id("events") },
};
