import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { FactDate as FactDateRow } from "../../facts/records";
import { EventKind as EventKindValues } from "../../facts/records";
import { Characterization } from "../shapes/characterization";
import { Cited } from "../shapes/cited";
import { FactDate } from "../shapes/date";
import { Node } from "../entity-base/node";
import { firstPageOf } from "../shapes/connection";
import { pagedLists, replacedBy } from "../shapes/paged-list";

const CHARACTERIZATIONS = "How the sources characterise the event.";
const ALIASES = "Other names the sources use for the event.";
import { PLAIN_LIST_NOTE } from "../shapes/words";

export const EventKind = EventKindValues.enum;
registerEnumType(EventKind, {
  name: "EventKind",
  description: "What kind of happening an event is.",
  valuesConfig: {
    WAR: { description: "A war or an invasion." },
    CRISIS: { description: "A crisis, e.g. the energy crisis." },
    TALKS: { description: "Talks or negotiations, e.g. between a government and the opposition." },
    DIPLOMATIC_EFFORT: { description: "Efforts to resolve something, e.g. a crisis." },
  },
});

// Named here: `Event` is also a global, so a bundler may rename the class.
@ObjectType("Event", {
  simpleResolvers: true,
  implements: [Node, Cited],
  description: "Something that happened or is under way that the source names: a war, a crisis, talks.",
})
export class Event extends Cited {
  @Field(() => String, { description: "The source's name for the event." })
  name!: string;

  @Field(() => [String], {
    description: `${firstPageOf(ALIASES, "alsoKnownAs")} ${PLAIN_LIST_NOTE}`,
    deprecationReason: replacedBy("alsoKnownAs"),
  })
  aliases!: string[];

  @Field(() => EventKind, { description: "What kind of event it is." })
  kind!: keyof typeof EventKind;

  @Field(() => String, { nullable: true, description: "The event in a sentence." })
  description!: string | null;

  @Field(() => FactDate, { nullable: true, description: "When it happened or began, where the source says." })
  date!: FactDateRow | null;

  @Field(() => [Characterization], {
    description: firstPageOf(CHARACTERIZATIONS, "characterizedAs"),
    deprecationReason: replacedBy("characterizedAs"),
  })
  characterizations!: Characterization[];
}

export const EventLists = pagedLists(Event, [
  { list: "aliases", connection: "alsoKnownAs", item: String, description: ALIASES },
  { list: "characterizations", connection: "characterizedAs", item: Characterization, description: CHARACTERIZATIONS },
]);

@InputType({ description: "Narrows a list of events." })
export class EventFilter {
  @Field(() => EventKind, { nullable: true, description: "Only events of this kind." })
  kind?: keyof typeof EventKind | null;
}
