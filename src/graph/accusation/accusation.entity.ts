import type { Row } from "../../facts/tables";
import { defineEntity, one } from "../entity-base/entity";
import { orderBy } from "../shapes/order";
import { Accusation } from "./accusation.type";

export const accusation = defineEntity({
  table: "accusations",
  type: Accusation,
  list: { description: "Accusations between countries the sources state." },
  order: orderBy<Row<"accusations">>({
    DATE: {
      description: "Order by the date of the accusation (the earliest day it can stand for; ties keep fixture order).",
      key: (a) => a.date.iso,
    },
  }),
  relations: {
    accuser: one("The country that accuses.", { inverse: { accusationsMade: "Accusations this country makes against others." } }),
    accused: one("The country accused.", { inverse: { accusationsReceived: "Accusations others make against this country." } }),
  },
});
