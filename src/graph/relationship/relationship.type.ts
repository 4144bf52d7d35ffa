import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { z } from "zod";
import { RelationshipKind as RelationshipKindValues, type FactPeriod as FactPeriodRecord } from "../../facts/records";
import { Cited } from "../shapes/cited";
import { FactPeriod } from "../shapes/date";
import { Node } from "../entity-base/node";
import { PLAIN_LIST_NOTE } from "../shapes/words";

export const RelationshipKind = RelationshipKindValues.enum;
registerEnumType(RelationshipKind, {
  name: "RelationshipKind",
  description: "How countries stand towards one another, as the source states it.",
  valuesConfig: {
    ALLIANCE: { description: "The countries are allies of the counterpart." },
    ADVERSARY: { description: "The counterpart is an adversary of the countries." },
    FRIENDSHIP: { description: "The countries are friendly with the counterpart." },
    COOPERATION: { description: "Cooperation in named sectors, e.g. industry and agriculture." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "A relation the source states between a group of countries and a counterpart: allies, adversaries, friends, cooperation.",
})
export class Relationship extends Cited {
  @Field(() => RelationshipKind, { description: "What kind of relation it is." })
  kind!: keyof typeof RelationshipKind;

  @Field(() => String, { description: "The relation in a sentence." })
  description!: string;

  @Field(() => FactPeriod, {
    nullable: true,
    description: 'When the relation held, where the source says, e.g. "Over the last two years".',
  })
  period!: z.infer<typeof FactPeriodRecord> | null;

  @Field(() => [String], { description: `Sectors or domains of cooperation, e.g. "industry", "medicine". ${PLAIN_LIST_NOTE}` })
  sectors!: string[];
}

@InputType({ description: "Narrows a list of relationships; every given field must match." })
export class RelationshipFilter {
  @Field(() => ID, {
    nullable: true,
    description:
      'Only relationships this country takes part in, on either side: its Node ID or its ISO code, e.g. "IR", as `country` takes them.',
  })
  country?: string | null;

  @Field(() => RelationshipKind, { nullable: true, description: "Only relationships of this kind." })
  kind?: keyof typeof RelationshipKind | null;
}
