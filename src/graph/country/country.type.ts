import { Field, ObjectType } from "type-graphql";
import type { z } from "zod";
import type { Mention as MentionRecord } from "../../facts/records";
import { Characterization } from "../shapes/characterization";
import { Cited } from "../shapes/cited";
import { Mention } from "../shapes/mention";
import { Node } from "../entity-base/node";
import { firstPageOf } from "../shapes/connection";
import { pagedLists, replacedBy } from "../shapes/paged-list";
import { PLAIN_LIST_NOTE, wikidataIdDescription } from "../shapes/words";

type MentionRow = z.infer<typeof MentionRecord>;

const MENTIONS = "Ways the sources refer to the country or its government without naming it.";
const CHARACTERIZATIONS = "How the sources characterise the country.";
const ALIASES = 'Other names the sources use for the country, e.g. "U.S."; ways of referring to it that are not names are `mentionedAs`.';

@ObjectType({ simpleResolvers: true, implements: [Node, Cited], description: "A country the source names." })
export class Country extends Cited {
  @Field(() => String, { nullable: true, description: wikidataIdDescription("country", "Q717") })
  wikidataId!: string | null;
  @Field(() => String, { description: 'The country\'s common English name, e.g. "Venezuela".' })
  name!: string;

  @Field(() => String, { description: 'The ISO 3166-1 alpha-2 code, e.g. "VE".' })
  code!: string;

  // Not deprecated while a published example asks for it, which must ask for no deprecated field.
  @Field(() => [String], { description: `${firstPageOf(ALIASES, "alsoKnownAs")} ${PLAIN_LIST_NOTE}` })
  aliases!: string[];

  @Field(() => [Mention], {
    description: firstPageOf(MENTIONS, "mentionedAs"),
    deprecationReason: replacedBy("mentionedAs"),
  })
  mentions!: MentionRow[];

  // Deprecated, not removed: the sources rarely state either, and a field nearly always null reads as missing data.
  @Field(() => String, {
    nullable: true,
    description: 'The world region, where the source states it, e.g. "South America".',
    deprecationReason:
      "The sources seldom state a country's region, so this is null for nearly every country; take it from a gazetteer by `code`.",
  })
  region!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The capital city, where the source states it.",
    deprecationReason: "No source states a capital, so this is always null; take it from a gazetteer by `code`.",
  })
  capital!: string | null;

  @Field(() => [Characterization], {
    description: firstPageOf(CHARACTERIZATIONS, "characterizedAs"),
    deprecationReason: replacedBy("characterizedAs"),
  })
  characterizations!: Characterization[];
}

export const CountryLists = pagedLists(Country, [
  { list: "aliases", connection: "alsoKnownAs", item: String, description: ALIASES },
  { list: "mentions", connection: "mentionedAs", item: Mention, description: MENTIONS },
  { list: "characterizations", connection: "characterizedAs", item: Characterization, description: CHARACTERIZATIONS },
]);
