import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { z } from "zod";
import type { Citation as CitationRow, Duration as DurationRecord, FactDate as FactDateRow } from "../../facts/records";
import { Citation } from "../shapes/citation";
import { Cited } from "../shapes/cited";
import { Duration, FactDate } from "../shapes/date";
import { Node } from "../entity-base/node";

@ObjectType({ simpleResolvers: true, description: "A license granted under sanctions: an exemption for one party to do something." })
export class SanctionLicense {
  @Field(() => Duration, { nullable: true, description: "The license's length as data: amount, unit and the source's words." })
  term!: z.infer<typeof DurationRecord> | null;

  @Field(() => String, { nullable: true, description: "What the license allows, as the source says." })
  scope!: string | null;

  @Field(() => FactDate, { nullable: true, description: "When the license was granted, only as precise as the source." })
  granted!: FactDateRow | null;

  @Field(() => [Citation], { description: "The sentences that state the license." })
  citations!: CitationRow[];
}

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "Sanctions one country imposes on another, as the source states them.",
})
export class Sanction extends Cited {
  @Field(() => String, { nullable: true, description: "What the sanctions cover, where the source says." })
  description!: string | null;

  @Field(() => [SanctionLicense], { description: "Licenses (exemptions) granted under these sanctions." })
  licenses!: SanctionLicense[];
}

@InputType({ description: "Narrows a list of sanctions; every given field must match." })
export class SanctionFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'Only sanctions imposed by this country: its Node ID or its ISO code, e.g. "US", as `country` takes them.',
  })
  imposer?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only sanctions imposed on this country: its Node ID or its ISO code, e.g. "VE", as `country` takes them.',
  })
  target?: string | null;
}
