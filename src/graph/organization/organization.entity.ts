import { connection, defineEntity, one } from "../entity-base/entity";
import { Organization, OrganizationLists } from "./organization.type";

export const organization = defineEntity({
  table: "organizations",
  type: Organization,
  list: { description: "Organizations the sources name, in fixture order." },
  resolvers: [OrganizationLists],
  relations: {
    country: one("The organization's home country, where the source states or plainly implies it.", {
      nullable: true,
      inverse: null,
    }),
    members: connection(
      "Member countries as named by the sources, for a body whose members are countries: not its full membership unless a source lists it.",
      {
        inverse: { memberships: "Organizations this country is a member of, e.g. OPEC." },
      },
    ),
  },
});
