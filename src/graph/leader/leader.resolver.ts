import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs, paginate } from "../connection";
import { Country } from "../country/country.type";
import { NodeResolver } from "../node";
import { one, reverseConnection, selectRows } from "../relations";
import { VisitConnection } from "../visit/visit.type";
import { AgreementConnection } from "../agreement/agreement.type";
import { StatementConnection } from "../statement/statement.type";
import { TourConnection } from "../tour/tour.type";
import { Leader, LeaderConnection, LeaderFilter } from "./leader.type";

type LeaderRow = Row<"leaders">;

@Resolver(() => Leader)
export class LeaderResolver extends NodeResolver(Leader, "leaders") {
  @Query(() => LeaderConnection, { description: "Leaders the sources name, in fixture order, optionally filtered." })
  leaders(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Arg("filter", () => LeaderFilter, { nullable: true, description: "Narrows the list; every given field must match." }) filter?: LeaderFilter | null,
  ) {
    const rows = selectRows(
      ctx.store,
      "leaders",
      { country: { id: filter?.country, table: "countries", argument: "filter.country" } },
      filter?.current == null ? undefined : (row) => row.current === filter.current,
    );
    return paginate(rows, args);
  }

  @FieldResolver(() => Country, { description: "The country whose office the leader holds or held." })
  country(@Root() leader: LeaderRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", leader.country);
  }

  @FieldResolver(() => VisitConnection, { description: "Visits the leader made as the visitor." })
  visits(@Root() leader: LeaderRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "visits", "visitor", leader.id, args);
  }

  @FieldResolver(() => TourConnection, { description: "Tours the leader makes or made." })
  tours(@Root() leader: LeaderRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "tours", "traveler", leader.id, args);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements the leader made." })
  statements(@Root() leader: LeaderRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "statements", "speaker.leader", leader.id, args);
  }

  @FieldResolver(() => AgreementConnection, { description: "Agreements the leader signed." })
  agreementsSigned(@Root() leader: LeaderRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "agreements", "signedBy", leader.id, args);
  }
}
