import { defineEntity, many } from "../entity";
import { byValue, filterBy } from "../filters";
import { Event, EventFilter } from "./event.type";

export const event = defineEntity({
  table: "events",
  type: Event,
  list: {
    description: "Events the sources name (wars, crises, talks), in fixture order, optionally filtered.",
    filter: filterBy(EventFilter, "Narrows the list.", { kind: byValue() }),
  },
  relations: {
    countries: many("The countries it involves.", { inverse: { events: "Events that involve this country: wars, crises, talks." } }),
    causes: many("What the source says sparked or led to it.", {
      inverse: { consequences: "What the source says it sparked or led to." },
    }),
    increasedBy: many("What the source says made it grow, without saying it caused it.", {
      inverse: { increased: "What the source says it made grow, without saying it caused it." },
    }),
  },
});
