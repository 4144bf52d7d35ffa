import { Field, ObjectType } from "type-graphql";
import type { z } from "zod";
import type { Duration as DurationRecord, FactDate as FactDateRow } from "../../facts/records";
import { Cited } from "../shapes/cited";
import { Duration, FactDate } from "../shapes/date";
import { Node } from "../entity-base/node";
import { PLAIN_LIST_NOTE } from "../shapes/words";

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "An agreement between countries that the source names: a pact, a treaty, a deal.",
})
export class Agreement extends Cited {
  @Field(() => String, { description: "The source's name for the agreement." })
  name!: string;

  @Field(() => FactDate, { description: "When it was signed." })
  signed!: FactDateRow;

  @Field(() => Duration, { nullable: true, description: "How long it runs, where the source says." })
  term!: z.infer<typeof DurationRecord> | null;

  @Field(() => [String], { description: `The sectors it covers, e.g. "oil", "petrochemicals", "defense". ${PLAIN_LIST_NOTE}` })
  sectors!: string[];

  @Field(() => String, { nullable: true, description: "What it is for, as the source says." })
  purpose!: string | null;
}
