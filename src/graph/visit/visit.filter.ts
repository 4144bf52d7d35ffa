import { dateBounds, dateInterval, parsePartialDate } from "../../facts/dates";
import type { Row } from "../../facts/tables";
import { badUserInput } from "../shapes/errors";
import { byRef, byTest, byValue, filterBy } from "../shapes/filters";
import { VisitFilter } from "./visit.type";

type VisitRow = Row<"visits">;

/** A visit matches a date bound when it may fall on its side of the bound: `from` against its span's end, `to` against its start. */
const dateBound = (side: "start" | "end") =>
  byTest((value: string, argument) => {
    if (!parsePartialDate(value))
      throw badUserInput(
        `Argument "${argument}" must be a date as "YYYY", "YYYY-MM" or "YYYY-MM-DD", got ${JSON.stringify(value.slice(0, 40))}.`,
        argument,
      );
    const bound = dateBounds(value)[side];
    return (row: VisitRow) => {
      const span = dateInterval(row.date.iso, row.date.qualifier);
      return side === "start" ? span.end >= bound : span.start <= bound;
    };
  });

/** `visits(filter:)`: by dates as well as by references and status. */
export const VISIT_FILTER = filterBy(VisitFilter, "Narrows the list; every given field must match.", {
  from: dateBound("start"),
  to: dateBound("end"),
  fromDate: dateBound("start"),
  toDate: dateBound("end"),
  status: byValue(),
  visitor: byRef("visitor"),
  visitingCountry: byRef("visitingCountry"),
  hostCountry: byRef("hostCountry"),
});
