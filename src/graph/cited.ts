import { Field, InterfaceType } from "type-graphql";
import type { Citation as CitationRow } from "../facts/records";
import { Citation } from "./citation";
import { Node } from "./node";

@InterfaceType({ implements: Node, description: "A node the source states, with the sentences that state it." })
export abstract class Cited extends Node {
  @Field(() => [Citation], { description: "The sentences that state this, each with the verbatim quote." })
  citations!: CitationRow[];
}
