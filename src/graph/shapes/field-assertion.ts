/**
 * Who asserts each value of a cited node, where it is not the node's own `assertion`
 * (facts/records.ts `Voice`): one visit holds a ministry's account of the arrival beside the
 * source's own welcome. A field without one is in the node's own voice.
 */
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, Field, FieldResolver, Info, ObjectType, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import {
  type Assertion as AssertionRow,
  type Citation as CitationRow,
  type FactDate as FactDateRow,
  type Voice,
  voicesOf,
} from "../../facts/records";
import type { SourceRow } from "../../facts/tables";
import { Assertion } from "./assertion";
import { Citation } from "./citation";
import { Cited } from "./cited";
import { Connection, ConnectionArgs, type ConnectionShape, paginate } from "./connection";
import { FactDate } from "./date";
import { badUserInput } from "./errors";
import { Source } from "../source/source.type";

const SOURCE = "The source that states the value in this voice.";

@ObjectType({
  simpleResolvers: true,
  description:
    "Who asserts the value of one field of a cited node, where that is not the node's own `assertion`: one source's voice for that value, with the sentences that give it.",
})
export class FieldAssertion {
  @Field(() => String, {
    description: 'The name of the field whose value this is the voice of, as the node\'s type names it, e.g. "receivedBy".',
  })
  field!: string;

  @Field(() => Assertion, {
    description: "Who asserts the value (the source in its own voice, or a party it reports), in what words, and its modality.",
  })
  assertion!: AssertionRow;

  @Field(() => Source, { description: SOURCE })
  source!: SourceRow;

  @Field(() => FactDate, { description: "The day the source states it: the source's date of publication." })
  reportedOn!: FactDateRow;

  @Field(() => [Citation], { description: "The sentences that give the value in this voice, each with the verbatim quote." })
  citations!: CitationRow[];
}

// Made before the schema is built: Type-GraphQL reads only the types made by then.
const FieldAssertionConnection = Connection(FieldAssertion);

@Resolver(() => FieldAssertion)
export class FieldAssertionResolver {
  @FieldResolver(() => Source, { description: SOURCE })
  source(@Root() voice: Voice, @Ctx() { loaders }: Context): Promise<SourceRow> {
    return loaders.byId("sources").load(voice.source);
  }
}

/** `Cited.fieldAssertions`: the voices of a node's values, every field's or one field's. */
@Resolver(() => Cited)
export class FieldAssertionsResolver {
  @FieldResolver(() => FieldAssertionConnection, {
    description:
      "Who asserts each value of this node whose voice is not the node's own `assertion`, in the order of the sources that state them, e.g. whose account a visit's `receivedBy` is. A field with none here is in the node's own voice, `assertion`.",
  })
  fieldAssertions(
    @Root() row: object,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg("field", () => String, {
      nullable: true,
      description: "Only the voices of this field's value, named as the node's type names it, e.g. \"receivedBy\"; all fields when null.",
    })
    field: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): ConnectionShape<Voice> {
    const voices = voicesOf(row);
    if (field === null || field === undefined) return paginate(voices, args);
    if (!(field in info.parentType.getFields()))
      throw badUserInput(
        `Argument "field" must name a field of ${info.parentType.name}, got ${JSON.stringify(field.slice(0, 40))}.`,
        "field",
      );
    return paginate(
      voices.filter((voice) => voice.field === field),
      args,
    );
  }
}
