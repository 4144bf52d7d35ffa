import type { Row } from "../../facts/tables";
import { defineEntity, one, oneOf } from "../entity-base/entity";
import { StatementResolver } from "./statement.resolver";
import { orderBy } from "../shapes/order";
import { Party, Statement } from "./statement.type";

export const statement = defineEntity({
  table: "statements",
  type: Statement,
  list: { description: "Statements the sources quote." },
  resolvers: [StatementResolver],
  order: orderBy<Row<"statements">>({
    DATE: {
      description:
        "Order by the date of the statement (the earliest day it can stand for; ties keep fixture order; statements the sources give no date come last).",
      key: (s) => s.date?.iso ?? null,
    },
  }),
  relations: {
    speaker: oneOf(() => Party, "Who said it.", {
      leader: { statements: "Statements the leader made." },
      country: { statements: "Statements made by this country's government as a whole, with no person named." },
      organization: null,
      person: { statements: "Statements the person made." },
    }),
    audience: oneOf(
      () => Party,
      "Who it was said to, where the source says, e.g. a news agency.",
      {
        leader: null,
        country: null,
        organization: { statementsHeard: "Statements made to the organization, e.g. to a news agency." },
        person: null,
      },
      { nullable: true },
    ),
    aboutTour: one("The tour it is about, if any.", { nullable: true, inverse: { statements: "Statements about the tour." } }),
    aboutVisit: one("The visit it is about, if any.", { nullable: true, inverse: { statements: "Statements about the visit." } }),
  },
});
