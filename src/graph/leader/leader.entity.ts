import { defineEntity, one } from "../entity-base/entity";
import { byRef, byValue, filterBy } from "../shapes/filters";
import { LEADER_CURRENT_RESOLVERS } from "./leader-current";
import { LeaderVisitsResolver } from "./leader-visits";
import { Leader, LeaderFilter } from "./leader.type";

export const leader = defineEntity({
  table: "leaders",
  type: Leader,
  resolvers: [...LEADER_CURRENT_RESOLVERS, LeaderVisitsResolver],
  list: {
    description: "Leaders the sources name, in fixture order, optionally filtered.",
    filter: filterBy(LeaderFilter, "Narrows the list; every given field must match.", { country: byRef("country"), current: byValue() }),
  },
  relations: {
    country: one("The country whose office the leader holds or held.", {
      inverse: { leaders: "Leaders of this country, current and former, that the sources name." },
    }),
  },
});
