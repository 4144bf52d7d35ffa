/** Where a fact is stated: a sentence of a source, and the verbatim words. */
import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { type Citation as CitationRow, elidesWords } from "../../facts/records";
import type { SourceRow } from "../../facts/tables";
import { Source } from "../source/source.type";

/** One wording for every quote that may leave words out. */
export const ELIDED_DESCRIPTION =
  "True when the quote leaves out some of the words it reports, as the source marks with an ellipsis (... or …): it is then not the words in full.";

@ObjectType({ simpleResolvers: true, description: "Where a fact is stated: a sentence of a source and the verbatim words in it." })
export class Citation {
  @Field(() => Source, { description: "The source that states the fact." })
  source!: SourceRow;

  @Field(() => Int, { description: "The 1-based index of the sentence in the source (see `Source.sentences`)." })
  sentence!: number;

  @Field(() => String, { description: "The words that state the fact, verbatim from that sentence." })
  quote!: string;

  @Field(() => Boolean, { description: ELIDED_DESCRIPTION })
  elided!: boolean;

  @Field(() => String, { description: "The whole sentence the quote comes from." })
  sentenceText!: string;
}

@Resolver(() => Citation)
export class CitationResolver {
  @FieldResolver(() => Source, { description: "The source that states the fact." })
  source(@Root() citation: CitationRow, @Ctx() { loaders }: Context): Promise<SourceRow> {
    return loaders.byId("sources").load(citation.source);
  }

  @FieldResolver(() => Boolean, { description: ELIDED_DESCRIPTION })
  elided(@Root() citation: CitationRow): boolean {
    return elidesWords(citation.quote);
  }

  @FieldResolver(() => String, { description: "The whole sentence the quote comes from." })
  async sentenceText(@Root() citation: CitationRow, @Ctx() { loaders }: Context): Promise<string> {
    const source = await loaders.byId("sources").load(citation.source);
    return source.sentences[citation.sentence - 1]!;
  }
}
