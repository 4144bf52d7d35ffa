import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { type FactDate as FactDateRow, SourceKind as SourceKindValues } from "../../facts/records";
import { Node } from "../entity-base/node";
import { FactDate } from "../shapes/date";

export const SourceKind = SourceKindValues.enum;
registerEnumType(SourceKind, {
  name: "SourceKind",
  description: "What kind of text a source is.",
  valuesConfig: {
    NEWS_ARTICLE: { description: "A news article or agency report." },
    PRESS_RELEASE: { description: "A statement an organization or government publishes about itself." },
    TRANSCRIPT: { description: "A record of what was said: a speech, an interview, a briefing." },
    REPORT: { description: "A study or report by an organization." },
    OTHER: { description: "Any other kind of text." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: "A text the facts come from, e.g. a news article, split into numbered sentences that citations point at.",
})
export class Source extends Node {
  @Field(() => SourceKind, { description: "What kind of text it is." })
  kind!: keyof typeof SourceKind;

  @Field(() => String, { description: 'The language of the text, as a BCP 47 tag, e.g. "en".' })
  language!: string;

  @Field(() => String, { nullable: true, description: "The source's headline; null when the text carries none." })
  title!: string | null;

  @Field(() => String, { nullable: true, description: "Who published it; null when not known." })
  publisher!: string | null;

  @Field(() => String, { nullable: true, description: "Who wrote it, as credited; null when not known or not credited." })
  byline!: string | null;

  @Field(() => String, { nullable: true, description: "Where it is published on the web; null when not known." })
  url!: string | null;

  @Field(() => FactDate, { description: "When the source was published (its dateline); relative dates in it are resolved against this." })
  publishedOn!: FactDateRow;

  @Field(() => String, { description: "The full text, paragraphs separated by newlines." })
  text!: string;

  @Field(() => [String], {
    description:
      "The sentences in order; `Citation.sentence` is a 1-based index into this list. A plain list, not paged: as many as the source's text has (`sentenceCount`).",
  })
  sentences!: string[];

  @Field(() => Int, { description: "How many sentences the text has." })
  sentenceCount!: number;
}
