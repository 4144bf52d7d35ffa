/** The fields of an Assertion that name records: the party that asserts it and the statement that carries it. */
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { type Assertion as AssertionRow, PARTY_TABLES } from "../facts/records";
import type { Row } from "../facts/tables";
import { Assertion, AssertionVoice } from "./assertion";
import { one } from "./relations";
import { Party, Statement } from "./statement/statement.type";

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
  assertedBy(@Root() assertion: AssertionRow, @Ctx() ctx: Context): Promise<Row<"leaders" | "countries" | "organizations">> | null {
    const by = assertion.by;
    if (!by) return null;
    const key = (Object.keys(PARTY_TABLES) as (keyof typeof PARTY_TABLES)[]).find((k) => by[k])!;
    return one(ctx, PARTY_TABLES[key], by[key]!);
  }

  @FieldResolver(() => Statement, {
    nullable: true,
    description: "The statement the source reports that carries the fact, where the graph holds it; null in the source's own voice.",
  })
  statement(@Root() assertion: AssertionRow, @Ctx() ctx: Context): Promise<Row<"statements"> | null> {
    return one(ctx, "statements", assertion.statement);
  }
}
