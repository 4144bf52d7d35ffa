import { Field, ObjectType } from "type-graphql";
import type { z } from "zod";
import type { Mention as MentionRecord } from "../../facts/records";
import { Characterization } from "../characterization";
import { Cited } from "../cited";
import { Mention } from "../mention";
import { Node } from "../node";
import { PLAIN_LIST_NOTE } from "../words";

type MentionRow = z.infer<typeof MentionRecord>;

@ObjectType({ simpleResolvers: true, implements: [Node, Cited], description: "A country the source names." })
export class Country extends Cited {
  @Field(() => String, { description: 'The country\'s common English name, e.g. "Venezuela".' })
  name!: string;

  @Field(() => String, { description: 'The ISO 3166-1 alpha-2 code, e.g. "VE".' })
  code!: string;

  @Field(() => [String], {
    description: `Other names the source uses for the country, e.g. "U.S."; ways of referring to it that are not names are \`mentions\`. ${PLAIN_LIST_NOTE}`,
  })
  aliases!: string[];

  @Field(() => [Mention], { description: "Ways the source refers to the country or its government without naming it." })
  mentions!: MentionRow[];

  @Field(() => String, { nullable: true, description: 'The world region, where the source states it, e.g. "South America".' })
  region!: string | null;

  @Field(() => String, { nullable: true, description: "The capital city, where the source states it." })
  capital!: string | null;

  @Field(() => [Characterization], { description: "How the source characterises the country." })
  characterizations!: Characterization[];
}
