import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { Country } from "../country/country.type";
import { Leader } from "../leader/leader.type";
import { NodeResolver } from "../node";
import { many, one } from "../relations";
import { Visit } from "../visit/visit.type";
import { Agreement } from "./agreement.type";

type AgreementRow = Row<"agreements">;

@Resolver(() => Agreement)
export class AgreementResolver extends NodeResolver(Agreement, "agreements") {
  @FieldResolver(() => [Country], { description: "The countries that are party to it." })
  parties(@Root() agreement: AgreementRow, @Ctx() ctx: Context) {
    return many(ctx, "countries", agreement.parties);
  }

  @FieldResolver(() => [Leader], { description: "The leaders the source says signed it." })
  signedBy(@Root() agreement: AgreementRow, @Ctx() ctx: Context) {
    return many(ctx, "leaders", agreement.signedBy);
  }

  @FieldResolver(() => Visit, { nullable: true, description: "The visit during which it was signed, e.g. Maduro's visit to Iran." })
  signedDuring(@Root() agreement: AgreementRow, @Ctx() ctx: Context) {
    return one(ctx, "visits", agreement.signedDuring);
  }
}
