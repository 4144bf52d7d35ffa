import { createUnionType, Field, ID, InputType, ObjectType } from "type-graphql";
import type { z } from "zod";
import type { Duration as DurationRecord, FactDate as FactDateRow } from "../../facts/records";
import { AssertionVoice, Modality } from "../shapes/assertion";
import { Cited } from "../shapes/cited";
import { ClaimField } from "./claim-field";
import { Country } from "../country/country.type";
import { Duration, FactDate } from "../shapes/date";
import { Event } from "../event/event.type";
import { Leader } from "../leader/leader.type";
import { Node } from "../entity-base/node";
import { Organization } from "../organization/organization.type";
import { Tour } from "../tour/tour.type";
import { Visit } from "../visit/visit.type";

export const ClaimSubject = createUnionType({
  name: "ClaimSubject",
  description: "A record claims can be about: one whose claimed fields take their values from claims.",
  types: () => [Visit, Tour] as const,
});

export const ClaimEntity = createUnionType({
  name: "ClaimEntity",
  description: "A record a claim's value can name.",
  types: () => [Leader, Country, Organization, Event] as const,
});

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description:
    "One value of one field of a record, as one source gives it: who asserts it and its modality (`assertion`), when, and the sentences that state it. Claims of several sources about one field can corroborate or contradict each other.",
})
export class Claim extends Cited {
  @Field(() => String, {
    description: 'The name of the subject\'s field this claim gives a value of, e.g. "meetings" or "purpose".',
    deprecationReason: "Use `claimedField`, the same as a `ClaimField` enum value.",
  })
  field!: string;

  @Field(() => String, {
    nullable: true,
    description: "The value in the source's words, when it is a text; null when it names a record (`entity`).",
  })
  text!: string | null;

  @Field(() => FactDate, { nullable: true, description: "When the claimed thing happened or is due, where the source says." })
  date!: FactDateRow | null;

  @Field(() => String, { nullable: true, description: 'The time of day the source gives for it, as written, e.g. "later in the day".' })
  timeOfDay!: string | null;

  @Field(() => Duration, {
    nullable: true,
    description: 'How long the claimed thing lasted or is to last, where the source says, e.g. 3 HOUR "for three hours".',
  })
  duration!: z.infer<typeof DurationRecord> | null;
}

@InputType({ description: "Narrows a list of claims; every given field must match." })
export class ClaimFilter {
  @Field(() => ID, { nullable: true, description: "Only claims about the record with this Node ID (a Visit or a Tour)." })
  subject?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only claims giving a value of the field with this name, e.g. "meetings".',
    deprecationReason: "Use `claimedField`, the same as a `ClaimField` enum value.",
  })
  field?: string | null;

  @Field(() => ClaimField, { nullable: true, description: "Only claims giving a value of this field, e.g. `MEETINGS`." })
  claimedField?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Only claims asserted by this party: the Node ID of a leader, a country, an organization or a person, or a country's ISO code (as `country` takes it).",
  })
  assertedBy?: string | null;

  @Field(() => AssertionVoice, { nullable: true, description: "Only claims in this voice: the source's own, or a party's it reports." })
  voice?: keyof typeof AssertionVoice | null;

  @Field(() => Modality, { nullable: true, description: "Only claims of this modality." })
  modality?: keyof typeof Modality | null;

  @Field(() => ID, { nullable: true, description: "Only claims that the source with this Node ID states." })
  source?: string | null;
}
