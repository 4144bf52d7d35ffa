import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { Connection, ConnectionArgs, paginate } from "../connection";
import { loadNode, NodeResolver } from "../node";
import { Source } from "./source.type";

export const SourceConnection = Connection(Source);

@Resolver(() => Source)
export class SourceResolver extends NodeResolver(Source, "sources") {
  @Query(() => Source, { nullable: true, description: "Looks up a source by Node ID; null when none has it." })
  source(@Arg("id", () => ID, { description: "The source's Node ID." }) id: string, @Ctx() ctx: Context) {
    return loadNode(ctx, id, "id", "sources");
  }

  @Query(() => SourceConnection, { description: "The sources the facts come from, in fixture order." })
  sources(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return paginate(ctx.store.table("sources").rows, args);
  }
}
