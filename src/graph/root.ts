/**
 * Root fields that every entity shares, written once: a lookup by Node ID
 * (`leader(id:)`) and a connection of all records (`organizations`), narrowed
 * by the entity's filter when it declares one (`leaders(filter:)`).
 */
import { Arg, Args, Ctx, ID, Query, Resolver, type ClassType } from "type-graphql";
import type { Context } from "../context";
import type { TableName } from "../facts/tables";
import { ConnectionArgs, paginate } from "./connection";
import { selectRows, type FilterDeclaration } from "./filters";
import { loadNode } from "./node";

/** `name(id: ID!): Type`, null for an ID of nothing. */
export function lookupQuery(type: ClassType, table: string, name: string): ClassType {
  const typename = type.name;
  @Resolver()
  class LookupResolver {
    @Query(() => type, { name, nullable: true, description: `Looks up a ${typename} by its Node ID; null when none has it.` })
    lookup(@Arg("id", () => ID, { description: `The ${typename}'s Node ID.` }) id: string, @Ctx() ctx: Context) {
      return loadNode(ctx, id, "id", table);
    }
  }
  return LookupResolver;
}

/** `name(first, after, last, before[, filter]): TypeConnection!` over every record, in fixture order. */
export function listQuery(connection: ClassType, table: string, name: string, description: string, filter?: FilterDeclaration): ClassType {
  if (filter) {
    const declared = filter;
    @Resolver()
    class FilteredListResolver {
      @Query(() => connection, { name, description })
      list(
        @Args(() => ConnectionArgs) args: ConnectionArgs,
        @Ctx() ctx: Context,
        @Arg("filter", () => declared.type, { nullable: true, description: declared.description }) value?: object | null,
      ) {
        return paginate(selectRows(ctx.store, table, declared, value), args);
      }
    }
    return FilteredListResolver;
  }
  @Resolver()
  class ListResolver {
    @Query(() => connection, { name, description })
    list(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
      return paginate(ctx.store.table(table as TableName).rows, args);
    }
  }
  return ListResolver;
}
