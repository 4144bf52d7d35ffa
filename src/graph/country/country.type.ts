import { Field, ObjectType } from "type-graphql";
import { Characterization } from "../characterization";
import { Cited } from "../cited";
import { Node } from "../node";
import { PLAIN_LIST_NOTE } from "../words";

@ObjectType({ simpleResolvers: true, implements: [Node, Cited], description: "A country the source names." })
export class Country extends Cited {
  @Field(() => String, { description: 'The country\'s common English name, e.g. "Venezuela".' })
  name!: string;

  @Field(() => String, { description: 'The ISO 3166-1 alpha-2 code, e.g. "VE".' })
  code!: string;

  @Field(() => [String], {
    description: `Other names the source uses for the country or its government, e.g. "Washington" for the United States. ${PLAIN_LIST_NOTE}`,
  })
  aliases!: string[];

  @Field(() => String, { nullable: true, description: 'The world region, where the source states it, e.g. "South America".' })
  region!: string | null;

  @Field(() => String, { nullable: true, description: "The capital city, where the source states it." })
  capital!: string | null;

  @Field(() => [Characterization], { description: "How the source characterises the country." })
  characterizations!: Characterization[];
}
