/** Global object identification: the Relay `Node` interface, `node` and `nodes`. */
import { Arg, Ctx, Field, ID, InterfaceType, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import type { Row, TableName } from "../../facts/tables";
import { badUserInput } from "../shapes/errors";
import { decodeId } from "../shapes/ids";

export const MAX_NODE_IDS = 100;

@InterfaceType({ description: "An object with a globally unique, opaque ID, fetchable with `node(id:)`." })
export abstract class Node {
  @Field(() => ID, { description: "The opaque, globally unique ID of this object; stable across restarts." })
  id!: string;
}

/** Loads the record a Node ID names: null when it names nothing, an error when it is malformed. */
export function loadNode(ctx: Context, id: string, argumentName: string, expected?: string): Promise<Row<TableName> | null> {
  const { table, localId } = decodeId(id, argumentName, expected, ctx.store.catalogue);
  return ctx.loaders.maybe(table, localId);
}

/** `nodes(ids:)`: each ID's record in the order given, null for an ID of nothing. */
function loadNodes(ctx: Context, ids: readonly string[]): Promise<(Row<TableName> | null)[]> {
  if (ids.length > MAX_NODE_IDS) throw badUserInput(`Argument "ids" takes at most ${MAX_NODE_IDS} IDs, got ${ids.length}.`, "ids");
  return Promise.all(ids.map((id) => loadNode(ctx, id, "ids")));
}

@Resolver()
export class NodeQueryResolver {
  @Query(() => Node, { nullable: true, description: "Fetches any object by its Node ID; null when no object has that ID." })
  node(@Arg("id", () => ID, { description: "The Node ID of the object." }) id: string, @Ctx() ctx: Context) {
    return loadNode(ctx, id, "id");
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `Fetches up to ${MAX_NODE_IDS} objects by their Node IDs, in the order given; null in place of an ID that names nothing.`,
  })
  nodes(@Arg("ids", () => [ID], { description: `The Node IDs, at most ${MAX_NODE_IDS}.` }) ids: string[], @Ctx() ctx: Context) {
    return loadNodes(ctx, ids);
  }
}
