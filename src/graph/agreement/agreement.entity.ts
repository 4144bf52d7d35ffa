import { defineEntity, many, one } from "../entity";
import { Agreement } from "./agreement.type";

export const agreement = defineEntity({
  table: "agreements",
  type: Agreement,
  list: { description: "Agreements between countries the sources state, in fixture order." },
  relations: {
    parties: many("The countries that are party to it.", { inverse: { agreements: "Agreements this country is party to." } }),
    signedBy: many("The leaders the source says signed it.", { inverse: { agreementsSigned: "Agreements the leader signed." } }),
    signedDuring: one("The visit during which it was signed, if the source says.", {
      nullable: true,
      inverse: { agreements: "Agreements signed during the visit." },
    }),
  },
});
