/**
 * Builds the served schema from one list of entities: Type-GraphQL's classes,
 * printed with their directives and sorted, then made an Apollo Federation 2
 * subgraph whose entities resolve references through the same per-request loaders.
 */
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { MapperKind, mapSchema, printSchemaWithDirectives } from "@graphql-tools/utils";
import {
  GraphQLObjectType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  lexicographicSortSchema,
  parse,
  visit,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { buildSchemaSync, createResolversMap } from "type-graphql";
import { TABLES, type Catalogue, type TableName } from "../../facts/tables";
import { accusation } from "../accusation/accusation.entity";
import { agreement } from "../agreement/agreement.entity";
import { AssertionResolver } from "../shapes/assertion.resolver";
import { CitationResolver } from "../shapes/citation";
import { CitedResolver } from "../shapes/cited";
import { FieldAssertionResolver, FieldAssertionsResolver } from "../shapes/field-assertion";
import { claim } from "../claim/claim.entity";
import { COST_DIRECTIVES, withCostDirectives } from "./cost-directives";
import { country } from "../country/country.entity";
import { resolveEntities } from "./federation-entities";
import type { Entity, TablesWithoutEntity } from "../entity-base/entity";
import { listed } from "../shapes/words";
import { checkBuilt, checkEntities } from "../entity-base/entity-checks";
import { directResolvers } from "./direct";
import { entityResolvers } from "../entity-base/entity-resolvers";
import { event } from "../event/event.entity";
import { leader } from "../leader/leader.entity";
import { NodeQueryResolver } from "../entity-base/node";
import { organization } from "../organization/organization.entity";
import { person } from "../person/person.entity";
import { relationship } from "../relationship/relationship.entity";
import { sanction } from "../sanction/sanction.entity";
import { shipment } from "../shipment/shipment.entity";
import { source } from "../source/source.entity";
import { statement } from "../statement/statement.entity";
import { tour } from "../tour/tour.entity";
import { visit as visitEntity } from "../visit/visit.entity";

/** 2.9 brings the cost directives (`@cost`, `@listSize`) that Apollo Router's demand control reads. */
export const FEDERATION_VERSION = "v2.9";

/** Every entity of the served schema, one per table of the catalogue; the order of the Query description. */
const SERVED = [
  country,
  leader,
  person,
  visitEntity,
  organization,
  sanction,
  tour,
  relationship,
  agreement,
  event,
  shipment,
  statement,
  accusation,
  claim,
  source,
] as const;

// A table of the catalogue without its entity here fails to compile, naming the table.
const everyTableServed: [TablesWithoutEntity<typeof SERVED>] extends [never]
  ? true
  : `no entity in ENTITIES shows ${TablesWithoutEntity<typeof SERVED>}` = true;
void everyTableServed;

export const ENTITIES: readonly Entity[] = SERVED;

/** The resolvers map @apollo/subgraph takes, named through its public signature. */
type SubgraphResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>["resolvers"]>;

/**
 * The one `resolveType` of every interface and union: each record of the store carries the name of
 * the type that shows it (facts/store.ts). Read directly, not through Type-GraphQL's async wrapper
 * (a promise per object that graphql-js must await).
 */
const resolveTypeByTypename = (value: { __typename?: string }) => value.__typename;

/**
 * Each entity type is a federation entity, keyed by its Node ID, and by each further key its table
 * declares (a Wikidata ID), so that a subgraph that knows an entity only by that key can join on it.
 */
function withEntityKeys(sdl: DocumentNode, entities: readonly Entity[], catalogue: Catalogue): DocumentNode {
  const keysOf = new Map(entities.map((entity) => [entity.typename, ["id", ...(catalogue[entity.table as TableName]?.keys ?? [])]]));
  return visit(sdl, {
    ObjectTypeDefinition: (type) => {
      const keys = keysOf.get(type.name.value);
      if (!keys) return undefined;
      const directives = keys.flatMap((field) => {
        const key = parse(`type T @key(fields: ${JSON.stringify(field)})`).definitions[0]!;
        return key.kind === Kind.OBJECT_TYPE_DEFINITION ? key.directives! : [];
      });
      return { ...type, directives: [...(type.directives ?? []), ...directives] };
    },
  });
}

export interface SchemaOptions {
  /** The entities to serve; ENTITIES by default. */
  entities?: readonly Entity[];
  /** The catalogue their store is built from; TABLES by default. */
  catalogue?: Catalogue;
  /**
   * Whether graphql-js calls the decorated methods directly (direct.ts, the default), or every field
   * goes through Type-GraphQL's own wrapper: what test/graph/direct.test.ts holds the served schema to.
   */
  direct?: boolean;
}

let built: GraphQLSchema | undefined;

/** The served schema (built once per process; it holds no data, only resolvers), or one of other entities. */
export function buildGraphSchema(options?: SchemaOptions): GraphQLSchema {
  if (!options && built) return built;
  const entities = options?.entities ?? ENTITIES;
  const catalogue = options?.catalogue ?? TABLES;
  checkEntities(catalogue, entities);
  const description = `The entry points to the graph of cited facts: look up any object by Node ID, search by name, or list and filter ${listed(entities.map((entity) => entity.listName))}.`;
  // skipCheck: Type-GraphQL's check runs an introspection query at start-up; graphql-js validates
  // the finished schema on the first request anyway (and the tests build it).
  const resolverClasses = [
    NodeQueryResolver,
    CitationResolver,
    CitedResolver,
    AssertionResolver,
    FieldAssertionResolver,
    FieldAssertionsResolver,
    ...entityResolvers(catalogue, entities),
  ];
  const typeGraphQLSchema = mapSchema(buildSchemaSync({ resolvers: resolverClasses as never, validate: false, skipCheck: true }), {
    // Type-GraphQL has no way to describe the root type itself.
    [MapperKind.QUERY]: (type) => new GraphQLObjectType({ ...type.toConfig(), description }),
  });
  checkBuilt(typeGraphQLSchema, catalogue, entities);
  const imports = JSON.stringify(["@key", "@shareable", ...COST_DIRECTIVES]);
  const typeDefs = withEntityKeys(
    withCostDirectives(
      parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}", import: ${imports})
        ${printSchemaWithDirectives(lexicographicSortSchema(typeGraphQLSchema))}
      `),
    ),
    entities,
    catalogue,
  );
  const resolvers = createResolversMap(typeGraphQLSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, fields] of Object.entries(options?.direct === false ? {} : directResolvers(resolverClasses))) {
    const type = typeGraphQLSchema.getType(typeName);
    // An interface's resolvers are its implementations' (Type-GraphQL gives each of them the interface's).
    const objects = isInterfaceType(type) ? typeGraphQLSchema.getPossibleTypes(type) : [type];
    for (const object of objects) {
      for (const field of Object.keys(fields)) {
        if (!isObjectType(object) || !object.getFields()[field]) throw new Error(`no field ${typeName}.${field} for its resolver`);
      }
      resolvers[object!.name] = { ...resolvers[object!.name], ...fields };
    }
  }
  for (const type of Object.values(typeGraphQLSchema.getTypeMap())) {
    if (isAbstractType(type) && !type.name.startsWith("__"))
      resolvers[type.name] = { ...resolvers[type.name], __resolveType: resolveTypeByTypename };
  }
  // `_service { sdl }` serves the SDL checked in as schema/subgraph.graphql. @apollo/subgraph's
  // default also prints every federation built-in definition; both compose to the same supergraph.
  // Printed when first asked for or priced (request/cost.ts), once, not at start-up.
  // `_entities` is ours (graph/assembly/federation-entities.ts): @apollo/subgraph's can end the process on a bad representation.
  resolvers.Query = {
    ...resolvers.Query,
    _service: () => ({ sdl: printServedSchema(schema) }),
    _entities: resolveEntities,
  };
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as SubgraphResolvers });
  if (!options) built = schema;
  return schema;
}

const printed = new WeakMap<GraphQLSchema, string>();

/** The subgraph SDL, as `_service { sdl }` returns it and `schema/subgraph.graphql` holds it; printed once per schema. */
export function printServedSchema(schema: GraphQLSchema = buildGraphSchema()): string {
  let sdl = printed.get(schema);
  if (sdl === undefined) printed.set(schema, (sdl = `${printSubgraphSchema(schema).trimEnd()}\n`));
  return sdl;
}
