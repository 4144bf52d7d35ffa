import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Cited } from "../shapes/cited";
import { Node } from "../entity-base/node";
import { wikidataIdDescription } from "../shapes/words";

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description:
    "A person who holds or held an office of a country, as the source states it; `person` is that person, with every role the sources give them.",
})
export class Leader extends Cited {
  @Field(() => String, { nullable: true, description: wikidataIdDescription("person", "Q42") })
  wikidataId!: string | null;
  @Field(() => String, { description: "The person's name as the source spells it." })
  name!: string;

  @Field(() => String, { description: 'The office as the source states it, e.g. "President", "Foreign Minister".' })
  role!: string;

  @Field(() => Boolean, {
    description:
      "Whether the person holds this office as of the latest source that reports it; `currentReports` has every report, each as of its day.",
  })
  current!: boolean;
}

@InputType({ description: "Narrows a list of leaders; every given field must match." })
export class LeaderFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'Only leaders of this country: its Node ID or its ISO 3166-1 alpha-2 code, e.g. "IR", as `country` takes them.',
  })
  country?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Only leaders who hold (true) or no longer hold (false) their office as of the source's date.",
  })
  current?: boolean | null;
}
