/**
 * Builds the served schema: Type-GraphQL's classes, printed with their
 * directives and sorted, then made an Apollo Federation 2 subgraph whose
 * entities resolve references through the same per-request loaders.
 */
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { MapperKind, mapSchema, printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLObjectType, lexicographicSortSchema, parse, type GraphQLSchema } from "graphql";
import { buildSchemaSync, createResolversMap, getMetadataStorage } from "type-graphql";
import type { Context } from "../context";
import { CitationResolver } from "./citation";
import { CountryResolver } from "./country/country.resolver";
import { COST_DIRECTIVES, withCostDirectives } from "./cost-directives";
import { resolveEntities } from "./entities";
import { LeaderResolver } from "./leader/leader.resolver";
import { NodeQueryResolver } from "./node";
import { OrganizationResolver } from "./organization/organization.resolver";
import { SanctionLicenseResolver, SanctionResolver } from "./sanction/sanction.resolver";
import { SourceResolver } from "./source/source.resolver";
import { VisitResolver } from "./visit/visit.resolver";
import { Visit } from "./visit/visit.type";
import { AccusationResolver } from "./accusation/accusation.resolver";
import { Accusation, AccusationConnection } from "./accusation/accusation.type";
import { AgreementResolver } from "./agreement/agreement.resolver";
import { Agreement, AgreementConnection } from "./agreement/agreement.type";
import { CountryConnection } from "./country/country.type";
import { EventResolver } from "./event/event.resolver";
import { Event } from "./event/event.type";
import { Leader } from "./leader/leader.type";
import { Organization, OrganizationConnection } from "./organization/organization.type";
import { RelationshipResolver } from "./relationship/relationship.resolver";
import { Relationship } from "./relationship/relationship.type";
import { listQuery, lookupQuery } from "./root";
import { Sanction } from "./sanction/sanction.type";
import { SearchResolver } from "./search";
import { ShipmentResolver } from "./shipment/shipment.resolver";
import { Shipment, ShipmentConnection } from "./shipment/shipment.type";
import { SourceConnection } from "./source/source.resolver";
import { Source } from "./source/source.type";
import { StatementResolver } from "./statement/statement.resolver";
import { Statement, StatementConnection } from "./statement/statement.type";
import { TourResolver } from "./tour/tour.resolver";
import { Tour, TourConnection } from "./tour/tour.type";

/** 2.9 brings the cost directives (`@cost`, `@listSize`) that Apollo Router's demand control reads. */
export const FEDERATION_VERSION = "v2.9";

const RESOLVERS = [
  NodeQueryResolver,
  SearchResolver,
  CitationResolver,
  CountryResolver,
  LeaderResolver,
  VisitResolver,
  OrganizationResolver,
  SanctionResolver,
  SanctionLicenseResolver,
  SourceResolver,
  TourResolver,
  RelationshipResolver,
  AgreementResolver,
  EventResolver,
  ShipmentResolver,
  StatementResolver,
  AccusationResolver,
  // Lookups by Node ID; country(id:, code:) is CountryResolver's own.
  lookupQuery(Leader, "leaders", "leader"),
  lookupQuery(Visit, "visits", "visit"),
  lookupQuery(Organization, "organizations", "organization"),
  lookupQuery(Sanction, "sanctions", "sanction"),
  lookupQuery(Source, "sources", "source"),
  lookupQuery(Tour, "tours", "tour"),
  lookupQuery(Relationship, "relationships", "relationship"),
  lookupQuery(Agreement, "agreements", "agreement"),
  lookupQuery(Event, "events", "event"),
  lookupQuery(Shipment, "shipments", "shipment"),
  lookupQuery(Statement, "statements", "statement"),
  lookupQuery(Accusation, "accusations", "accusation"),
  // Plain lists; leaders, visits, sanctions, relationships and events take filters in their own resolvers.
  listQuery(CountryConnection, "countries", "countries", "All countries the sources name, in fixture order."),
  listQuery(OrganizationConnection, "organizations", "organizations", "Organizations the sources name, in fixture order."),
  listQuery(SourceConnection, "sources", "sources", "The sources the facts come from, in fixture order."),
  listQuery(TourConnection, "tours", "tours", "Tours (trips of several visits) the sources state, in fixture order."),
  listQuery(AgreementConnection, "agreements", "agreements", "Agreements between countries the sources state, in fixture order."),
  listQuery(ShipmentConnection, "shipments", "shipments", "Shipments of goods between countries the sources state, in fixture order."),
  listQuery(StatementConnection, "statements", "statements", "Statements the sources quote, in fixture order."),
  listQuery(AccusationConnection, "accusations", "accusations", "Accusations between countries the sources state, in fixture order."),
] as const;

/**
 * Every record of the store carries the name of the GraphQL type that shows it (facts/store.ts), and
 * that is what every `resolveType` here returns. Type-GraphQL wraps each one in an async function: a
 * promise per object that graphql-js must await. Interfaces and unions read the name directly, and
 * fall back to their own function for a value without one.
 */
function resolveTypesByTypename(resolvers: GraphQLResolverMap<Context>): void {
  for (const resolver of Object.values(resolvers)) {
    const type = resolver as { __resolveType?: (value: unknown, ...rest: unknown[]) => unknown };
    const own = type.__resolveType;
    if (own) type.__resolveType = (value, ...rest) => (value as { __typename?: string } | null)?.__typename ?? own(value, ...rest);
  }
}

const QUERY_DESCRIPTION =
  "The entry points to the graph of cited facts: look up any object by Node ID, search by name, or list and filter countries, leaders, visits, organizations, sanctions, tours, relationships, agreements, events, shipments, statements, accusations and sources.";

let built: GraphQLSchema | undefined;

/** The served schema (built once per process; it holds no data, only resolvers). */
export function buildGraphSchema(): GraphQLSchema {
  if (built) return built;
  // No middlewares or auth anywhere, so a plain field is its record's property: Type-GraphQL's
  // `simpleResolvers` (graphql-js's default resolver instead of a wrapper per field and row). This needs
  // property names equal to field names (no `@Field({ name })`).
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  // skipCheck: Type-GraphQL's check runs an introspection query at start-up; graphql-js validates
  // the finished schema on the first request anyway (and the tests build it).
  const typeGraphQLSchema = mapSchema(buildSchemaSync({ resolvers: RESOLVERS as never, validate: false, skipCheck: true }), {
    // Type-GraphQL has no way to describe the root type itself.
    [MapperKind.QUERY]: (type) => new GraphQLObjectType({ ...type.toConfig(), description: QUERY_DESCRIPTION }),
  });
  const imports = JSON.stringify(["@key", "@shareable", ...COST_DIRECTIVES]);
  const typeDefs = withCostDirectives(
    parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}", import: ${imports})
      ${printSchemaWithDirectives(lexicographicSortSchema(typeGraphQLSchema))}
    `),
  );
  const resolvers = createResolversMap(typeGraphQLSchema) as GraphQLResolverMap<Context>;
  resolveTypesByTypename(resolvers);
  // `_service { sdl }` serves the SDL checked in as schema/schema.graphql. @apollo/subgraph's
  // default also prints every federation built-in definition; both compose to the same supergraph.
  // Printed when first asked for (by a gateway or router, once), not at start-up.
  let service: { sdl: string } | undefined;
  // `_entities` is ours (graph/entities.ts): @apollo/subgraph's can end the process on a bad representation.
  resolvers.Query = {
    ...(resolvers.Query as object),
    _service: () => (service ??= { sdl: printServedSchema(schema) }),
    _entities: resolveEntities,
  } as never;
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
  built = schema;
  return schema;
}

/** The subgraph SDL, as `_service { sdl }` returns it and `schema/schema.graphql` holds it. */
export function printServedSchema(schema: GraphQLSchema = buildGraphSchema()): string {
  return printSubgraphSchema(schema).trimEnd() + "\n";
}
