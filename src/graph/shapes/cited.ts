import { Field, InterfaceType } from "type-graphql";
import type { Assertion as AssertionRow, Citation as CitationRow } from "../../facts/records";
import { Assertion } from "./assertion";
import { Citation } from "./citation";
import { Node } from "../entity-base/node";

@InterfaceType({
  implements: Node,
  description: "A node the source states, with the sentences that state it and who asserts it.",
})
export abstract class Cited extends Node {
  @Field(() => [Citation], { description: "The sentences that state this, each with the verbatim quote." })
  citations!: CitationRow[];

  @Field(() => Assertion, {
    description:
      "Who asserts this (the source in its own voice, or a party it reports) and whether it happened, is planned or is only claimed.",
  })
  assertion!: AssertionRow;
}
