import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs } from "../connection";
import { Leader } from "../leader/leader.type";
import { NodeResolver } from "../node";
import { one, reverseConnection } from "../relations";
import { StatementConnection } from "../statement/statement.type";
import { VisitConnection } from "../visit/visit.type";
import { Tour } from "./tour.type";

type TourRow = Row<"tours">;

@Resolver(() => Tour)
export class TourResolver extends NodeResolver(Tour, "tours") {
  @FieldResolver(() => Leader, { description: "Who makes the tour." })
  traveler(@Root() tour: TourRow, @Ctx() ctx: Context) {
    return one(ctx, "leaders", tour.traveler);
  }

  @FieldResolver(() => VisitConnection, { description: "The tour's stops: one visit per host country, made, under way or planned." })
  stops(@Root() tour: TourRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "visits", "tour", tour.id, args);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements about the tour." })
  statements(@Root() tour: TourRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "statements", "aboutTour", tour.id, args);
  }
}
