/**
 * Root fields that every entity shares, written once: a lookup by Node ID
 * (`leader(id:)`) and a plain connection of all records (`organizations`).
 * Entities whose lists take filters define those lists in their own resolver.
 */
import { Arg, Args, Ctx, ID, Query, Resolver, type ClassType } from "type-graphql";
import type { Context } from "../context";
import { TABLES, type TableName } from "../facts/tables";
import { ConnectionArgs, paginate } from "./connection";
import { loadNode } from "./node";

/** `name(id: ID!): Type`, null for an ID of nothing. */
export function lookupQuery(type: ClassType, table: TableName, name: string): ClassType {
  const typename = TABLES[table].typename;
  @Resolver()
  class LookupResolver {
    @Query(() => type, { name, nullable: true, description: `Looks up a ${typename} by its Node ID; null when none has it.` })
    lookup(@Arg("id", () => ID, { description: `The ${typename}'s Node ID.` }) id: string, @Ctx() ctx: Context) {
      return loadNode(ctx, id, "id", table);
    }
  }
  return LookupResolver;
}

/** `name(first, after, last, before): TypeConnection!` over every record, in fixture order. */
export function listQuery(connection: ClassType, table: TableName, name: string, description: string): ClassType {
  @Resolver()
  class ListResolver {
    @Query(() => connection, { name, description })
    list(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
      return paginate(ctx.store.table(table).rows, args);
    }
  }
  return ListResolver;
}
