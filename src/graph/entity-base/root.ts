/**
 * Root fields that every entity shares, written once: a lookup by Node ID
 * (`leader(id:)`) and a connection of all records (`organizations`), narrowed
 * by the entity's filter when it declares one (`leaders(filter:)`) and ordered
 * when it is dated (`visits(orderBy:)`).
 */
import { Arg, Args, Ctx, ID, Query, Resolver, type ClassType } from "type-graphql";
import type { Context } from "../../context";
import type { TableName } from "../../facts/tables";
import { ConnectionArgs, paginate } from "../shapes/connection";
import { selectRows, type FilterDeclaration } from "../shapes/filters";
import { loadNode } from "./node";
import { ordered, type Ordering, type OrderValue } from "../shapes/order";
import { withArticle } from "../shapes/words";
import { typeNameOf } from "./type-name";

/** `name(id: ID!): Type`, null for an ID of nothing. */
export function lookupQuery(type: ClassType, table: string, name: string): ClassType {
  const typename = typeNameOf(type);
  @Resolver()
  class LookupResolver {
    @Query(() => type, { name, nullable: true, description: `Looks up ${withArticle(typename)} by its Node ID; null when none has it.` })
    lookup(@Arg("id", () => ID, { description: `The ${typename}'s Node ID.` }) id: string, @Ctx() ctx: Context) {
      return loadNode(ctx, id, "id", table);
    }
  }
  return LookupResolver;
}

export interface ListOptions {
  filter?: FilterDeclaration;
  ordering?: Ordering;
}

/**
 * `name(first, after, last, before[, filter][, orderBy]): TypeConnection!` over every record,
 * in fixture order unless the entity is ordered. The method's parameters are decorated by
 * calling Type-GraphQL's decorators, since which arguments it takes depends on the entity.
 */
export function listQuery(connection: ClassType, table: string, name: string, description: string, options: ListOptions = {}): ClassType {
  const { filter, ordering } = options;
  @Resolver()
  class ListResolver {
    list(args: ConnectionArgs, ctx: Context, ...given: unknown[]) {
      const value = filter ? (given[0] as object | null | undefined) : undefined;
      const order = ordering ? (given[filter ? 1 : 0] as OrderValue | null | undefined) : undefined;
      const rows = filter ? selectRows<object>(ctx.store, table, filter, value) : ctx.store.table(table as TableName).rows;
      return paginate(ordering ? ordered(ctx.store, ordering, rows, order) : rows, args);
    }
  }
  const prototype = ListResolver.prototype;
  Query(() => connection, { name, description: ordering ? `${description} ${ordering.listSentence}` : description })(
    prototype,
    "list",
    Object.getOwnPropertyDescriptor(prototype, "list")!,
  );
  Args(() => ConnectionArgs)(prototype, "list", 0);
  Ctx()(prototype, "list", 1);
  // Type-GraphQL passes the decorated parameters in index order, leaving no gaps: `given` holds those declared.
  if (filter) Arg("filter", () => filter.type, { nullable: true, description: filter.description })(prototype, "list", 2);
  if (ordering)
    Arg("orderBy", () => ordering.input, { nullable: true, description: ordering.argumentDescription })(prototype, "list", filter ? 3 : 2);
  return ListResolver;
}
