import type { Row } from "../../facts/tables";
import { defineEntity, many, one } from "../entity-base/entity";
import { orderBy } from "../shapes/order";
import { Agreement } from "./agreement.type";

export const agreement = defineEntity({
  table: "agreements",
  type: Agreement,
  list: { description: "Agreements between countries the sources state." },
  order: orderBy<Row<"agreements">>({
    DATE: {
      description: "Order by the date the agreement was signed (the earliest day it can stand for; ties keep fixture order).",
      key: (a) => a.signed.iso,
    },
  }),
  relations: {
    parties: many("The countries that are party to it.", { inverse: { agreements: "Agreements this country is party to." } }),
    signedBy: many("The leaders the source says signed it.", { inverse: { agreementsSigned: "Agreements the leader signed." } }),
    signedDuring: one("The visit during which it was signed, if the source says.", {
      nullable: true,
      inverse: { agreements: "Agreements signed during the visit." },
    }),
  },
});
