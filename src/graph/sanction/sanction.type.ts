import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { z } from "zod";
import {
  type Citation as CitationRow,
  type Duration as DurationRecord,
  type FactDate as FactDateRow,
  SanctionState as SanctionStateValues,
} from "../../facts/records";
import { Citation } from "../shapes/citation";
import { Cited } from "../shapes/cited";
import { Duration, FactDate } from "../shapes/date";
import { Node } from "../entity-base/node";
import { firstPageOf } from "../shapes/connection";
import { pagedLists } from "../shapes/paged-list";

const LICENSES = "Licenses (exemptions) granted under these sanctions.";

export const SanctionState = SanctionStateValues.enum;
registerEnumType(SanctionState, {
  name: "SanctionState",
  description: "Whether sanctions are in force as of a source's date.",
  valuesConfig: {
    IN_FORCE: { description: "The sanctions are in force on the source's date." },
    EASED: { description: "The sanctions are in force but relaxed on the source's date: some of their measures lifted or suspended." },
    LIFTED: { description: "The sanctions were lifted by the source's date: none of their measures is in force." },
  },
});

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

  // Not deprecated while the published examples and the landing page ask for it, which must ask for no deprecated field.
  @Field(() => [SanctionLicense], { description: firstPageOf(LICENSES, "licensesGranted") })
  licenses!: SanctionLicense[];

  @Field(() => SanctionState, {
    nullable: true,
    description:
      "Whether the sanctions are in force, eased or lifted, as of the latest source that says; `stateReports` has every report, each as of its day. Null when no source says.",
  })
  state!: keyof typeof SanctionState | null;
}

export const SanctionLists = pagedLists(Sanction, [
  { list: "licenses", connection: "licensesGranted", item: SanctionLicense, description: LICENSES },
]);

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
