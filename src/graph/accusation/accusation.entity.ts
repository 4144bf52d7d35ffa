import { defineEntity, one } from "../entity";
import { Accusation } from "./accusation.type";

export const accusation = defineEntity({
  table: "accusations",
  type: Accusation,
  list: { description: "Accusations between countries the sources state, in fixture order." },
  relations: {
    accuser: one("The country that accuses.", { inverse: { accusationsMade: "Accusations this country makes against others." } }),
    accused: one("The country accused.", { inverse: { accusationsReceived: "Accusations others make against this country." } }),
  },
});
