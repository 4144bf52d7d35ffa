import { defineEntity, one } from "../entity-base/entity";
import { byRef, filterBy } from "../shapes/filters";
import { SANCTION_STATE_RESOLVERS } from "./sanction-state";
import { SanctionLicenseResolver } from "./sanction.resolver";
import { Sanction, SanctionFilter, SanctionLicense, SanctionLists } from "./sanction.type";

export const sanction = defineEntity({
  table: "sanctions",
  type: Sanction,
  list: {
    description: "Sanctions the sources state, in fixture order, optionally filtered.",
    filter: filterBy(SanctionFilter, "Narrows the list; every given field must match.", {
      imposer: byRef("imposer"),
      target: byRef("target"),
    }),
  },
  relations: {
    imposer: one("The country that imposes the sanctions.", { inverse: { sanctionsImposed: "Sanctions this country imposes on others." } }),
    target: one("The country the sanctions are imposed on.", {
      inverse: { sanctionsReceived: "Sanctions other countries impose on this one." },
    }),
    licensee: one("Who the license is granted to.", {
      on: SanctionLicense,
      path: "licenses.licensee",
      inverse: { sanctionsLicensed: "Sanctions under which the organization holds a license." },
    }),
    grantedAfter: one("The event after which it was granted, where the source says.", {
      on: SanctionLicense,
      path: "licenses.grantedAfter",
      nullable: true,
      inverse: null,
    }),
  },
  resolvers: [SanctionLicenseResolver, SanctionLists, ...SANCTION_STATE_RESOLVERS],
});
