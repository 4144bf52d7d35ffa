import { defineEntity, one } from "../entity-base/entity";
import { LeaderPersonResolver, PersonOfficeResolver } from "./person.resolver";
import { Person, PersonRole } from "./person.type";

export const person = defineEntity({
  table: "people",
  type: Person,
  list: { description: "People the sources name or describe, leaders first, in fixture order." },
  resolvers: [PersonOfficeResolver, LeaderPersonResolver],
  relations: {
    affiliation: one("The organization the role is held in, where the source says; null where it does not.", {
      on: PersonRole,
      path: "roles.affiliation",
      nullable: true,
      inverse: null,
    }),
    country: one("The country whose role it is, where the source says; null where it does not, never inferred.", {
      on: PersonRole,
      path: "roles.country",
      nullable: true,
      inverse: null,
    }),
  },
});
