import { Field, ObjectType } from "type-graphql";
import type { Citation as CitationRow } from "../../facts/records";
import { Citation } from "../shapes/citation";
import { Cited } from "../shapes/cited";
import { Node } from "../entity-base/node";
import { wikidataIdDescription } from "../shapes/words";

@ObjectType({
  simpleResolvers: true,
  description: "A role a source gives a person, as it states it: a title, and where it says, an organization and a country.",
})
export class PersonRole {
  @Field(() => String, { description: 'The role in the source\'s words, e.g. "adviser to the president" or "President".' })
  title!: string;

  @Field(() => [Citation], { description: "The sentences that give the role, each with the verbatim quote." })
  citations!: CitationRow[];
}

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description:
    "A person a source names or describes, with the roles it gives them and nothing it does not state: no country unless a role gives one. A leader is a person holding an office.",
})
export class Person extends Cited {
  @Field(() => String, { nullable: true, description: wikidataIdDescription("person", "Q42") })
  wikidataId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The person's name as the source spells it; null when the source does not name them.",
  })
  name!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who the person is in the source\'s words, for one it does not name, e.g. "a ministry official"; null for a named person.',
  })
  description!: string | null;

  /** A connection, resolved in person.resolver.ts: every source that gives the person a role adds to it. */
  roles!: PersonRole[];
}
