import { Field, ObjectType, registerEnumType } from "type-graphql";
import { OrganizationKind as OrganizationKindValues } from "../../facts/records";
import { Characterization } from "../shapes/characterization";
import { Cited } from "../shapes/cited";
import { Node } from "../entity-base/node";
import { firstPageOf } from "../shapes/connection";
import { pagedLists, replacedBy } from "../shapes/paged-list";

const CHARACTERIZATIONS = 'How the sources characterise the organization, e.g. "oil cartel".';
const ALIASES = "Other names the sources use for the organization.";
import { PLAIN_LIST_NOTE, wikidataIdDescription } from "../shapes/words";

export const OrganizationKind = OrganizationKindValues.enum;
registerEnumType(OrganizationKind, {
  name: "OrganizationKind",
  description: "What kind of body an organization is.",
  valuesConfig: {
    INTERGOVERNMENTAL: { description: "A body whose members are countries, e.g. OPEC." },
    COMPANY: { description: "A business." },
    NEWS_AGENCY: { description: "A news agency." },
    GOVERNMENT: { description: "A government body or agency." },
    OTHER: { description: "Any other organization." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "An organization the source names: an intergovernmental body, a company, a news agency.",
})
export class Organization extends Cited {
  @Field(() => String, { nullable: true, description: wikidataIdDescription("organization", "Q7795") })
  wikidataId!: string | null;
  @Field(() => String, { description: 'The name as the source gives it, e.g. "OPEC".' })
  name!: string;

  @Field(() => [String], {
    description: `${firstPageOf(ALIASES, "alsoKnownAs")} ${PLAIN_LIST_NOTE}`,
    deprecationReason: replacedBy("alsoKnownAs"),
  })
  aliases!: string[];

  @Field(() => OrganizationKind, { description: "What kind of body it is." })
  kind!: keyof typeof OrganizationKind;

  @Field(() => String, { nullable: true, description: 'How the source characterises it, e.g. "an oil cartel".' })
  description!: string | null;

  @Field(() => [Characterization], {
    description: firstPageOf(CHARACTERIZATIONS, "characterizedAs"),
    deprecationReason: replacedBy("characterizedAs"),
  })
  characterizations!: Characterization[];
}

export const OrganizationLists = pagedLists(Organization, [
  { list: "aliases", connection: "alsoKnownAs", item: String, description: ALIASES },
  { list: "characterizations", connection: "characterizedAs", item: Characterization, description: CHARACTERIZATIONS },
]);
