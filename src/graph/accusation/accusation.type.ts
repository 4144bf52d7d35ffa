import { Field, ObjectType } from "type-graphql";
import type { FactDate as FactDateRow } from "../../facts/records";
import { Cited } from "../shapes/cited";
import { FactDate } from "../shapes/date";
import { Node } from "../entity-base/node";

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "One country accusing another of something, as the source states it.",
})
export class Accusation extends Cited {
  @Field(() => String, { description: 'What the accused is said to have done, e.g. "circumventing sanctions".' })
  charge!: string;

  @Field(() => FactDate, { description: 'When the accusation was made; "has since accused" is NOT_BEFORE the earlier event\'s date.' })
  date!: FactDateRow;
}
