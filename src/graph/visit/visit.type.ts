import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { FactDate as FactDateRow } from "../../facts/records";
import { VisitStatus as VisitStatusValues } from "../../facts/records";
import { readClaimsInstead } from "../shapes/assertion";
import { Characterization } from "../shapes/characterization";
import { Cited } from "../shapes/cited";
import { FactDate, PartialDate } from "../shapes/date";
import { Node } from "../entity-base/node";
import { firstPageOf } from "../shapes/connection";
import { pagedLists, replacedBy } from "../shapes/paged-list";

const CHARACTERIZATIONS = "How the sources characterise the visit.";
import { PLAIN_LIST_NOTE } from "../shapes/words";

export const VisitStatus = VisitStatusValues.enum;
registerEnumType(VisitStatus, {
  name: "VisitStatus",
  description: "Where a visit stands as of a source's date.",
  valuesConfig: {
    COMPLETED: { description: "The visit took place before the source's date." },
    IN_PROGRESS: { description: "The visit is under way on the source's date." },
    PLANNED: { description: "The visit is announced but has not started by the source's date, e.g. a later stop of a tour." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "One party's visit to a host country: made, under way or planned.",
})
export class Visit extends Cited {
  @Field(() => String, {
    nullable: true,
    description: 'The source\'s name for a visiting party that is not a named person, e.g. "delegates"; null when `visitingPerson` is set.',
  })
  delegation!: string | null;

  @Field(() => String, { nullable: true, description: "The city visited, where the source states it." })
  city!: string | null;

  @Field(() => FactDate, { description: "When the visit took place or starts, only as precise as the source." })
  date!: FactDateRow;

  @Field(() => VisitStatus, {
    description:
      "Whether the visit was completed, is under way or is planned, as of the latest source that reports it; `statusReports` has every report, each as of its day.",
  })
  status!: keyof typeof VisitStatus;

  @Field(() => String, {
    nullable: true,
    description: "The stated purpose of the visit, where the source gives one (the first claim's, where several do).",
    deprecationReason: readClaimsInstead("purpose", "A purpose is an aim, and often the visitor's own claim."),
  })
  purpose!: string | null;

  @Field(() => [String], {
    description: `What was, or is to be, discussed or furthered, e.g. "economic cooperation". ${PLAIN_LIST_NOTE}`,
    deprecationReason: readClaimsInstead("topics", "Mixes topics discussed with aims, and a party's account with the source's."),
  })
  topics!: string[];

  @Field(() => Int, {
    nullable: true,
    description: "The visit's place in its tour's order of stops, 1 for the first, where the sources give it; null where they do not.",
  })
  stopNumber!: number | null;

  @Field(() => String, { nullable: true, description: "Where the visitor set out from, where the source says." })
  departedFrom!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The invitation the visit answers, as the source words it.",
    deprecationReason: readClaimsInstead("invitation", "An invitation is often the visitor's own account."),
  })
  invitation!: string | null;

  @Field(() => [Characterization], {
    description: firstPageOf(CHARACTERIZATIONS, "characterizedAs"),
    deprecationReason: replacedBy("characterizedAs"),
  })
  characterizations!: Characterization[];
}

export const VisitLists = pagedLists(Visit, [
  { list: "characterizations", connection: "characterizedAs", item: Characterization, description: CHARACTERIZATIONS },
]);

@InputType({ description: "Narrows a list of visits; every given field must match." })
export class VisitFilter {
  @Field(() => ID, {
    nullable: true,
    description: "Only visits made by the leader with this Node ID (as `leader` takes it), or by the person with this Node ID.",
  })
  visitor?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only visits made on behalf of this country: its Node ID or its ISO code, e.g. "IR", as `country` takes them.',
  })
  visitingCountry?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only visits to this country: its Node ID or its ISO code, e.g. "VE", as `country` takes them.',
  })
  hostCountry?: string | null;

  @Field(() => VisitStatus, { nullable: true, description: "Only visits with this status." })
  status?: keyof typeof VisitStatus | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only visits that may fall on or after this date: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a visit dated "2022" matches from "2022-06").',
    deprecationReason: "Use `fromDate`, the same as a `PartialDate`.",
  })
  from?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only visits that may fall on or before this date: "YYYY", "YYYY-MM" or "YYYY-MM-DD".',
    deprecationReason: "Use `toDate`, the same as a `PartialDate`.",
  })
  to?: string | null;

  @Field(() => PartialDate, {
    nullable: true,
    description: 'Only visits that may fall on or after this date (a visit dated "2022" matches from "2022-06").',
  })
  fromDate?: string | null;

  @Field(() => PartialDate, { nullable: true, description: "Only visits that may fall on or before this date." })
  toDate?: string | null;
}
