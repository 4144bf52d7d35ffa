import { FieldResolver, Resolver, Root } from "type-graphql";
import type { Row } from "../../facts/tables";
import { ClaimField } from "./claim-field";
import { Claim } from "./claim.type";

/** `Claim.claimedField`: the stored field name, shown as its `ClaimField` value. */
@Resolver(() => Claim)
export class ClaimFieldResolver {
  @FieldResolver(() => ClaimField, { description: "The subject's field this claim gives a value of, e.g. `MEETINGS` or `PURPOSE`." })
  claimedField(@Root() claim: Row<"claims">): string {
    return claim.field;
  }
}
