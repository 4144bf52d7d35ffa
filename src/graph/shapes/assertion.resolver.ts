/** The voice of an Assertion and the party it names (its `statement` is a relation of claims: graph/claim/claim.entity.ts). */
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { type Assertion as AssertionRow, held, PARTY_TABLES } from "../../facts/records";
import type { Row } from "../../facts/tables";
import { Assertion, AssertionVoice } from "./assertion";
import { one } from "../entity-base/relations";
import { Party } from "../statement/statement.type";

@Resolver(() => Assertion)
export class AssertionResolver {
  @FieldResolver(() => AssertionVoice, { description: "Whether the source states it in its own voice or reports a party's words." })
  voice(@Root() assertion: AssertionRow): keyof typeof AssertionVoice {
    return assertion.by === null ? "SOURCE" : "PARTY";
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description: "The party the source attributes the fact to; null in the source's own voice.",
  })
  assertedBy(
    @Root() assertion: AssertionRow,
    @Ctx() ctx: Context,
  ): Promise<Row<"leaders" | "countries" | "organizations" | "people">> | null {
    if (!assertion.by) return null;
    const [key, id] = held(assertion.by);
    return one(ctx, PARTY_TABLES[key], id);
  }
}
