/**
 * The Type-GraphQL resolvers every entity gets from its declaration (entity.ts)
 * and the catalogue, in the spirit of type-graphql's resolvers-inheritance
 * example: the root lookup and list (root.ts), and one resolver class per
 * object type holding `id` and its relation fields, both ways. Relation fields
 * are named by the declarations, so their methods are added with Type-GraphQL's
 * own decorators called as functions.
 */
import { Arg, Args, Ctx, FieldResolver, ID, Resolver, Root, type ClassType } from "type-graphql";
import type { Context } from "../../context";
import type { Catalogue, TableName } from "../../facts/tables";
import { Connection, ConnectionArgs, firstPage, firstPageOf } from "../shapes/connection";
import { inverseFields, type Entity, type Relation } from "./entity";
import { nodeId } from "../shapes/ids";
import type { Ordering, OrderValue } from "../shapes/order";
import { many, manyConnection, one, reverseConnection } from "./relations";
import { listQuery, lookupQuery } from "./root";
import { searchResolver } from "./search";

type Row = Record<string, unknown> & { id: string };
type ReturnTypeFunc = NonNullable<Parameters<typeof FieldResolver>[0]>;

interface FieldSpec {
  name: string;
  returns: ReturnTypeFunc;
  description: string;
  nullable?: boolean;
  deprecationReason?: string;
  /** Takes `first`, `after`, `last` and `before`. */
  paginated?: boolean;
  /** Takes `orderBy` as well: a connection of a dated entity. */
  ordering?: Ordering;
  resolve: (root: Row, ctx: Context, args: ConnectionArgs, order?: OrderValue | null) => unknown;
}

/** The description of a connection field, which says in what order it comes. */
const described = (description: string, ordering: Ordering | undefined) =>
  ordering ? `${description} ${ordering.listSentence}` : description;

/**
 * A resolver class for `type` with a method per field, each as if written
 * `@FieldResolver() name(@Root() root, @Ctx() ctx, @Args() args, @Arg("orderBy") order)`: Type-GraphQL
 * matches a field resolver to its field by the method's name, so one class per type.
 */
function fieldResolver(type: ClassType, fields: readonly FieldSpec[]): ClassType {
  const resolver = { [`${type.name}Fields`]: class {} }[`${type.name}Fields`]!;
  for (const field of fields) {
    const prototype = resolver.prototype as Record<string, unknown>;
    prototype[field.name] = field.resolve;
    FieldResolver(field.returns, { description: field.description, nullable: field.nullable, deprecationReason: field.deprecationReason })(
      prototype,
      field.name,
      Object.getOwnPropertyDescriptor(prototype, field.name)!,
    );
    Root()(prototype, field.name, 0);
    Ctx()(prototype, field.name, 1);
    if (field.paginated) Args(() => ConnectionArgs)(prototype, field.name, 2);
    const ordering = field.ordering;
    if (ordering)
      Arg("orderBy", () => ordering.input, { nullable: true, description: ordering.argumentDescription })(prototype, field.name, 3);
  }
  Resolver(() => type)(resolver);
  return resolver;
}

/** The field of a forward relation. */
function forwardField(relation: Relation, refs: Catalogue[string]["refs"], entityOf: (table: string) => Entity): FieldSpec {
  const { field: name, description, nullable, deprecationReason } = relation;
  const path = relation.refs[0]!.path;
  const target = refs[path] as TableName;
  // A reference inside a nested object is read from that object, which is the field's root.
  const key = path.split(".").at(-1)!;
  const base = { name, description, nullable, deprecationReason };
  switch (relation.kind) {
    case "one":
      return { ...base, returns: () => entityOf(target).type, resolve: (root, ctx) => one(ctx, target, root[key] as string | null) };
    case "many": {
      const replacedBy = relation.firstPageOf;
      if (replacedBy === undefined)
        return { ...base, returns: () => [entityOf(target).type], resolve: (root, ctx) => many(ctx, target, root[key] as string[]) };
      return {
        ...base,
        description: firstPageOf(description, replacedBy),
        returns: () => [entityOf(target).type],
        resolve: (root, ctx) => many(ctx, target, firstPage(root[key] as string[])),
      };
    }
    case "connection": {
      const ordering = entityOf(target).ordering;
      return {
        ...base,
        description: described(description, ordering),
        paginated: true,
        ordering,
        returns: () => Connection(entityOf(target).type),
        resolve: (root, ctx, args, order) =>
          manyConnection(ctx, target, root[key] as string[], args, ordering && { ordering, value: order }),
      };
    }
    case "oneOf": {
      const alternatives = relation.refs.map((ref) => ({ key: ref.path.split(".").at(-1)!, table: refs[ref.path] as TableName }));
      return {
        ...base,
        returns: relation.union as ReturnTypeFunc,
        resolve: (root, ctx) => {
          const holder = root[name] as Record<string, string | undefined> | null;
          const held = holder && alternatives.find((alternative) => holder[alternative.key]);
          return held ? one(ctx, held.table, holder[held.key]!) : null;
        },
      };
    }
  }
}

/** Every resolver the entities need, the search resolver and each entity's own resolvers included. */
export function entityResolvers(catalogue: Catalogue, entities: readonly Entity[]): ClassType[] {
  const byTable = new Map(entities.map((entity) => [entity.table, entity]));
  const entityOf = (table: string) => byTable.get(table)!;
  const fields = new Map<ClassType, FieldSpec[]>();
  const fieldsOf = (type: ClassType) => fields.get(type) ?? fields.set(type, []).get(type)!;
  const resolvers: ClassType[] = [searchResolver(catalogue, entities)];
  for (const entity of entities) {
    const { table, type, typename } = entity;
    // Every entity has a connection type, made here: Type-GraphQL reads only the types made before it builds.
    const connection = Connection(type);
    if (entity.lookup !== "own") resolvers.push(lookupQuery(type, table, entity.lookupName));
    if (entity.list !== "own")
      resolvers.push(
        listQuery(connection, table, entity.listName, entity.list.description, { filter: entity.list.filter, ordering: entity.ordering }),
      );
    resolvers.push(...(entity.resolvers ?? []));
    fieldsOf(type).push({
      name: "id",
      returns: () => ID,
      description: "The opaque, globally unique ID of this object; stable across restarts.",
      resolve: (row) => nodeId(typename, row.id),
    });
    for (const relation of entity.forward) fieldsOf(relation.on ?? type).push(forwardField(relation, catalogue[table]!.refs, entityOf));
  }
  for (const field of inverseFields(catalogue, entities)) {
    const from = field.from.table as TableName;
    const paths = field.paths.length === 1 ? field.paths[0]! : field.paths;
    const ordering = field.from.ordering;
    fieldsOf(field.on.type).push({
      name: field.name,
      description: described(field.description, ordering),
      paginated: true,
      ordering,
      returns: () => Connection(field.from.type),
      resolve: (root, ctx, args, order) =>
        reverseConnection(ctx, from, paths as never, root.id, args, ordering && { ordering, value: order }),
    });
  }
  for (const [type, specs] of fields) resolvers.push(fieldResolver(type, specs));
  return resolvers;
}
