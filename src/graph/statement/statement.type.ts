import { createUnionType, Field, ObjectType } from "type-graphql";
import type { FactDate as FactDateRow } from "../../facts/records";
import { ELIDED_DESCRIPTION } from "../shapes/citation";
import { Cited } from "../shapes/cited";
import { Country } from "../country/country.type";
import { FactDate } from "../shapes/date";
import { Leader } from "../leader/leader.type";
import { Node } from "../entity-base/node";
import { Organization } from "../organization/organization.type";
import { Person } from "../person/person.type";

export const Party = createUnionType({
  name: "Party",
  description:
    "Who says something or hears it: a leader, a country's government, an organization (a news agency) or any other person, named or described.",
  types: () => [Leader, Country, Organization, Person] as const,
});

@ObjectType({ simpleResolvers: true, implements: [Node, Cited], description: "Something someone said, with the words the source quotes." })
export class Statement extends Cited {
  @Field(() => String, { description: "The words quoted, verbatim from the source." })
  quote!: string;

  @Field(() => Boolean, { description: ELIDED_DESCRIPTION })
  elided!: boolean;

  @Field(() => String, { nullable: true, description: "What was said, in a sentence, where the quote alone does not carry it." })
  summary!: string | null;

  @Field(() => FactDate, {
    nullable: true,
    description: 'When it was said, where the source says (a statement made "before departing" is NOT_AFTER the departure).',
  })
  date!: FactDateRow | null;

  @Field(() => String, { nullable: true, description: "Where it was said, where the source says." })
  place!: string | null;
}
