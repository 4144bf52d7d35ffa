import { Field, ObjectType } from "type-graphql";
import type { z } from "zod";
import type { Duration as DurationRecord, FactDate as FactDateRow } from "../../facts/records";
import { Cited } from "../cited";
import { Duration, FactDate } from "../date";
import { Node } from "../node";

@ObjectType({ simpleResolvers: true, implements: [Node, Cited], description: "An agreement between countries, e.g. the 20-year pact Iran and Venezuela signed in June 2022." })
export class Agreement extends Cited {
  @Field(() => String, { description: "The source's name for it, e.g. \"20-year pact\"." })
  name!: string;

  @Field(() => FactDate, { description: "When it was signed." })
  signed!: FactDateRow;

  @Field(() => Duration, { nullable: true, description: "How long it runs, e.g. 20 years." })
  term!: z.infer<typeof DurationRecord> | null;

  @Field(() => [String], { description: "The sectors it covers, e.g. \"oil\", \"petrochemicals\", \"defense\"." })
  sectors!: string[];

  @Field(() => String, { nullable: true, description: "What it is for, as the source says." })
  purpose!: string | null;
}

