import { Field, ObjectType } from "type-graphql";
import type { FactDate as FactDateRow } from "../../facts/records";
import { readClaimsInstead } from "../shapes/assertion";
import { Cited } from "../shapes/cited";
import { FactDate } from "../shapes/date";
import { Node } from "../entity-base/node";

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "A trip of several visits by one traveler; its stops are visits.",
})
export class Tour extends Cited {
  @Field(() => String, { description: "The source's name for the trip." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Where the traveler set out from, where the source says." })
  departedFrom!: string | null;

  @Field(() => FactDate, { description: "When the tour starts." })
  start!: FactDateRow;

  @Field(() => String, {
    nullable: true,
    description: "The tour's stated aim (the first claim's, where several give one).",
    deprecationReason: readClaimsInstead("purpose", "An aim is not an outcome, and often the traveler's own claim."),
  })
  purpose!: string | null;
}
