import type { Row } from "../../facts/tables";
import { readClaimsInstead } from "../shapes/assertion";
import { connection, defineEntity, many, one } from "../entity-base/entity";
import { orderBy } from "../shapes/order";
import { VISIT_STATUS_RESOLVERS } from "./visit-status";
import { VisitorResolver } from "./visit-visitor";
import { VISIT_FILTER } from "./visit.filter";
import { Visit, VisitLists } from "./visit.type";

export const visit = defineEntity({
  table: "visits",
  type: Visit,
  resolvers: [...VISIT_STATUS_RESOLVERS, VisitorResolver, VisitLists],
  list: { description: "Visits the sources state, optionally filtered.", filter: VISIT_FILTER },
  order: orderBy<Row<"visits">>({
    DATE: {
      description: "Order by the visit's date (the earliest day it can stand for; ties keep fixture order).",
      key: (v) => v.date.iso,
    },
  }),
  relations: {
    visitingPerson: one(
      "The person who visits, a leader or anyone else; null when the visiting party is not a person (see `delegation`).",
      {
        path: "visitor",
        nullable: true,
        inverse: { visits: "Visits the person made as the visitor." },
      },
    ),
    visitingCountry: one("The country the visitor represents.", {
      inverse: { visitsMade: "Visits made on behalf of this country to others." },
      deprecationReason:
        "Errors for a visit whose sources do not say on whose behalf it is made. Use `onBehalfOf`, null where they do not say.",
    }),
    onBehalfOf: one("The country on whose behalf the visit is made; null where the sources do not say.", {
      path: "visitingCountry",
      nullable: true,
      inverse: null,
    }),
    hostCountry: one("The country visited.", { inverse: { visitsHosted: "Visits to this country: made, under way or planned." } }),
    receivedBy: many("Who welcomed the visitor on arrival, e.g. a foreign minister.", {
      inverse: null,
      deprecationReason: "Use `welcomedBy`, a connection: more sources may name more than one list holds.",
      firstPageOf: "welcomedBy",
    }),
    // The same reference as a connection, as every list that grows with the sources is.
    welcomedBy: connection("The leaders who welcomed the visitor on arrival, e.g. a foreign minister, as the sources name them.", {
      path: "receivedBy",
      inverse: null,
    }),
    meetings: many("Leaders the visitor met, or was due to meet as of the source's date.", {
      inverse: null,
      deprecationReason: readClaimsInstead("meetings", "Lists meetings held, due and intended alike."),
    }),
    invitedBy: many("The countries whose leaders invited the visitor, where the source says.", {
      inverse: null,
      deprecationReason: readClaimsInstead("invitedBy", "An invitation is often the visitor's own account."),
    }),
    tour: one("The tour this visit is a stop of, if any.", {
      nullable: true,
      inverse: { stops: "The tour's stops: one visit per host country, made, under way or planned." },
    }),
  },
});
