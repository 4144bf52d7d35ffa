/**
 * `Leader.visits`, as published when only a leader could visit: the visits whose visitor is the
 * person holding this office, who shares the leader's id (`Person.visits` has them too).
 */
import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { reverseConnection } from "../entity-base/relations";
import { Connection, ConnectionArgs, type ConnectionShape } from "../shapes/connection";
import type { OrderValue } from "../shapes/order";
import { visit } from "../visit/visit.entity";
import { Visit } from "../visit/visit.type";
import { Leader } from "./leader.type";

const ordering = visit.ordering!;

@Resolver(() => Leader)
export class LeaderVisitsResolver {
  @FieldResolver(() => Connection(Visit), { description: `Visits the leader made as the visitor. ${ordering.listSentence}` })
  visits(
    @Root() leader: Row<"leaders">,
    @Ctx() ctx: Context,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg("orderBy", () => ordering.input, { nullable: true, description: ordering.argumentDescription }) order?: OrderValue | null,
  ): Promise<ConnectionShape<Row<"visits">>> {
    return reverseConnection(ctx, "visits", "visitor", leader.id, args, { ordering, value: order });
  }
}
