import type { Row } from "../../facts/tables";
import { connection, defineEntity, many } from "../entity-base/entity";
import { orderBy } from "../shapes/order";
import { byValue, filterBy } from "../shapes/filters";
import { Event, EventFilter, EventLists } from "./event.type";

export const event = defineEntity({
  table: "events",
  type: Event,
  list: {
    description: "Events the sources name (wars, crises, talks), optionally filtered.",
    filter: filterBy(EventFilter, "Narrows the list.", { kind: byValue() }),
  },
  resolvers: [EventLists],
  order: orderBy<Row<"events">>({
    DATE: {
      description:
        "Order by the event's date (the earliest day it can stand for; ties keep fixture order; events the sources give no date come last).",
      key: (e) => e.date?.iso ?? null,
    },
  }),
  relations: {
    countries: many("The countries it involves.", { inverse: { events: "Events that involve this country: wars, crises, talks." } }),
    causes: many("What the source says sparked or led to it.", {
      inverse: { consequences: "What the source says it sparked or led to." },
      deprecationReason: "Use `causedBy`, a connection like `consequences`.",
    }),
    // The same reference as a connection, as every list that grows with the sources is.
    causedBy: connection("What the source says sparked or led to it.", { path: "causes", inverse: null }),
    increasedBy: many("What the source says made it grow, without saying it caused it.", {
      inverse: { increased: "What the source says it made grow, without saying it caused it." },
    }),
  },
});
