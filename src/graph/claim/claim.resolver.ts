import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { FactDate as FactDateRow } from "../../facts/records";
import type { Row } from "../../facts/tables";
import { FactDate } from "../shapes/date";
import { ClaimField } from "./claim-field";
import { Claim } from "./claim.type";

const REPORTED_ON =
  "The day the claim was reported: its source's date of publication. A later source's claim about the same field is as of its own day.";

/** `Claim.claimedField`, the stored field name as its `ClaimField` value, and `Claim.reportedOn`, its source's date. */
@Resolver(() => Claim)
export class ClaimFieldResolver {
  @FieldResolver(() => ClaimField, { description: "The subject's field this claim gives a value of, e.g. `MEETINGS` or `PURPOSE`." })
  claimedField(@Root() claim: Row<"claims">): string {
    return claim.field;
  }

  @FieldResolver(() => FactDate, { description: REPORTED_ON })
  async reportedOn(@Root() claim: Row<"claims">, @Ctx() { loaders }: Context): Promise<FactDateRow> {
    // A claim is one source's: every citation of it names that source.
    return (await loaders.byId("sources").load(claim.citations[0]!.source)).publishedOn;
  }
}
