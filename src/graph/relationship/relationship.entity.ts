import { defineEntity, many, one } from "../entity-base/entity";
import { byRef, byValue, filterBy } from "../shapes/filters";
import { Relationship, RelationshipFilter } from "./relationship.type";

/** A country takes part on either side: one field, Country.relationships, over both references. */
const eitherSide = { relationships: "Relations with other countries (allies, adversaries, friends, cooperation), on either side." };

export const relationship = defineEntity({
  table: "relationships",
  type: Relationship,
  list: {
    description: "Relations between countries the sources state, in fixture order, optionally filtered.",
    filter: filterBy(RelationshipFilter, "Narrows the list; every given field must match.", {
      country: byRef("countries", "counterpart"),
      kind: byValue(),
    }),
  },
  relations: {
    countries: many("The countries on one side of the relation.", { inverse: eitherSide }),
    counterpart: one("The country on the other side of the relation.", { inverse: eitherSide }),
  },
});
