import { Args, Field, FieldResolver, InterfaceType, Resolver, Root } from "type-graphql";
import type { Assertion as AssertionRow, Citation as CitationRow } from "../../facts/records";
import { Assertion } from "./assertion";
import { Citation } from "./citation";
import { Connection, ConnectionArgs, type ConnectionShape, firstPage, paginate } from "./connection";
import { Node } from "../entity-base/node";

/** Made when the module loads, before Type-GraphQL builds the schema from the types declared so far. */
const CitationConnection = Connection(Citation);

const CITATIONS = "The sentences that state this, each with the verbatim quote, in the order of the sources that state them.";
const FIRST_PAGE = `${CITATIONS} The first page of \`citedIn\`: a fact that many sources state has more.`;

@InterfaceType({
  implements: Node,
  description: "A node the source states, with the sentences that state it and who asserts it.",
})
export abstract class Cited extends Node {
  @Field(() => [Citation], {
    description: FIRST_PAGE,
    deprecationReason: "Use `citedIn`, a connection: a fact that many sources state has more citations than one list holds.",
  })
  citations!: CitationRow[];

  @Field(() => Assertion, {
    description:
      "Who asserts this (the source in its own voice, or a party it reports) and whether it happened, is planned or is only claimed: the voice of each of its values but those `fieldAssertions` lists. Where several sources state it, the first source's, or the latest report's where a field changes over time.",
  })
  assertion!: AssertionRow;
}

/** A cited record as the store holds it: every citation of every source that states it. */
interface CitedRow {
  citations: CitationRow[];
}

/** The citations of every cited record: a connection that grows with the sources, and its first page as the old list. */
@Resolver(() => Cited)
export class CitedResolver {
  @FieldResolver(() => [Citation], { description: FIRST_PAGE })
  citations(@Root() row: CitedRow): readonly CitationRow[] {
    return firstPage(row.citations);
  }

  @FieldResolver(() => CitationConnection, { description: `${CITATIONS} Paged: every source that states it adds to it.` })
  citedIn(@Root() row: CitedRow, @Args(() => ConnectionArgs) args: ConnectionArgs): ConnectionShape<CitationRow> {
    return paginate(row.citations, args);
  }
}
