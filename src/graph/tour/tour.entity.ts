import type { Row } from "../../facts/tables";
import { defineEntity, one } from "../entity-base/entity";
import { orderBy } from "../shapes/order";
import { Tour } from "./tour.type";

export const tour = defineEntity({
  table: "tours",
  type: Tour,
  list: { description: "Tours (trips of several visits) the sources state." },
  order: orderBy<Row<"tours">>({
    DATE: {
      description: "Order by the tour's start (the earliest day it can stand for; ties keep fixture order).",
      key: (t) => t.start.iso,
    },
  }),
  relations: {
    traveler: one("Who makes the tour.", { inverse: { tours: "Tours the leader makes or made." } }),
  },
});
