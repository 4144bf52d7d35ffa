import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { Country } from "../country/country.type";
import { NodeResolver } from "../node";
import { one } from "../relations";
import { Accusation } from "./accusation.type";

type AccusationRow = Row<"accusations">;

@Resolver(() => Accusation)
export class AccusationResolver extends NodeResolver(Accusation, "accusations") {
  @FieldResolver(() => Country, { description: "The country that accuses." })
  accuser(@Root() accusation: AccusationRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", accusation.accuser);
  }

  @FieldResolver(() => Country, { description: "The country accused." })
  accused(@Root() accusation: AccusationRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", accusation.accused);
  }
}
