import { Field, Int, ObjectType } from "type-graphql";
import type { FactDate as FactDateRow } from "../../facts/records";
import { Node } from "../node";
import { FactDate } from "../date";

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: "A text the facts come from, e.g. a news article, split into numbered sentences that citations point at.",
})
export class Source extends Node {
  @Field(() => String, { nullable: true, description: "The source's headline; null when the text carries none." })
  title!: string | null;

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
