/** Ways a source refers to something that are not names of it. */
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { type Citation as CitationRow, MentionKind as MentionKindValues } from "../../facts/records";
import { Citation } from "./citation";

export const MentionKind = MentionKindValues.enum;
registerEnumType(MentionKind, {
  name: "MentionKind",
  description: "How a mention refers to what it is not a name of.",
  valuesConfig: {
    DESCRIPTION: { description: 'A description that stands for it ("the South American country").' },
    METONYM: { description: "Something associated with it that stands for it, such as a capital city for a government." },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: "A way the source refers to something without naming it; search does not match mentions, only names and aliases.",
})
export class Mention {
  @Field(() => String, { description: "The words of the source." })
  text!: string;

  @Field(() => MentionKind, { description: "How the words refer to it." })
  kind!: keyof typeof MentionKind;

  @Field(() => [Citation], { description: "The sentences that use them." })
  citations!: CitationRow[];
}
