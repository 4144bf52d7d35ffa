import { Field, ObjectType } from "type-graphql";
import type { Citation as CitationRow, FactDate as FactDateRow } from "../../facts/records";
import { Citation } from "./citation";
import { FactDate } from "./date";

@ObjectType({ simpleResolvers: true, description: "How the source characterises something, in its own words." })
export class Characterization {
  @Field(() => String, { description: "The characterisation, close to the source's words." })
  text!: string;

  @Field(() => FactDate, { nullable: true, description: "Since when it holds, where the source says." })
  since!: FactDateRow | null;

  @Field(() => [Citation], { description: "The sentences that state it." })
  citations!: CitationRow[];
}
