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
import { buildSchemaSync, createResolversMap } from "type-graphql";
import type { Context } from "../context";
import { TABLES, TABLE_NAMES, type TableName } from "../facts/tables";
import { CitationResolver } from "./citation";
import { CountryResolver } from "./country/country.resolver";
import { badUserInput } from "./errors";
import { LeaderResolver } from "./leader/leader.resolver";
import { loadNode, NodeQueryResolver } from "./node";
import { OrganizationResolver } from "./organization/organization.resolver";
import { SanctionLicenseResolver, SanctionResolver } from "./sanction/sanction.resolver";
import { SourceResolver } from "./source/source.resolver";
import { VisitResolver } from "./visit/visit.resolver";

export const FEDERATION_VERSION = "v2.7";

const RESOLVERS = [
  NodeQueryResolver,
  CitationResolver,
  CountryResolver,
  LeaderResolver,
  VisitResolver,
  OrganizationResolver,
  SanctionResolver,
  SanctionLicenseResolver,
  SourceResolver,
] as const;

/**
 * `__resolveReference` for every entity: a representation's Node ID, loaded through the request's loaders.
 * Async, so a bad representation fails its own `_entities` item, not the whole list.
 */
function referenceResolvers(): GraphQLResolverMap<Context> {
  const resolveReference = (table: TableName) => async (reference: { id?: unknown }, ctx: Context) => {
    if (typeof reference.id !== "string") throw badUserInput('Each representation needs its key, a Node ID string in "id".', "representations");
    return loadNode(ctx, reference.id, "representations.id", table);
  };
  return Object.fromEntries(TABLE_NAMES.map((table) => [TABLES[table].typename, { __resolveReference: resolveReference(table) }]));
}

const QUERY_DESCRIPTION =
  "The entry points to the graph of cited facts: look up any object by Node ID, or list and filter countries, leaders, visits, organizations, sanctions and sources.";

let built: GraphQLSchema | undefined;

/** The served schema (built once per process; it holds no data, only resolvers). */
export function buildGraphSchema(): GraphQLSchema {
  if (built) return built;
  const typeGraphQLSchema = mapSchema(buildSchemaSync({ resolvers: RESOLVERS as never, validate: false }), {
    // Type-GraphQL has no way to describe the root type itself.
    [MapperKind.QUERY]: (type) => new GraphQLObjectType({ ...type.toConfig(), description: QUERY_DESCRIPTION }),
  });
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}", import: ["@key", "@shareable"])
    ${printSchemaWithDirectives(lexicographicSortSchema(typeGraphQLSchema))}
  `);
  const resolvers = createResolversMap(typeGraphQLSchema) as GraphQLResolverMap<Context>;
  for (const [typename, extra] of Object.entries(referenceResolvers())) {
    resolvers[typename] = { ...(resolvers[typename] as object), ...extra } as never;
  }
  // `_service { sdl }` serves the SDL checked in as schema/schema.graphql. @apollo/subgraph's
  // default also prints every federation built-in definition; both compose to the same supergraph.
  const service = { sdl: "" };
  resolvers.Query = { ...(resolvers.Query as object), _service: () => service } as never;
  built = buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
  service.sdl = printServedSchema(built);
  return built;
}

/** The subgraph SDL, as `_service { sdl }` returns it and `schema/schema.graphql` holds it. */
export function printServedSchema(schema: GraphQLSchema = buildGraphSchema()): string {
  return printSubgraphSchema(schema).trimEnd() + "\n";
}
