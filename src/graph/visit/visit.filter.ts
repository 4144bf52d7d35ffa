import { dateBounds, dateInterval, parsePartialDate } from "../../facts/dates";
import type { Row } from "../../facts/tables";
import { badUserInput } from "../shapes/errors";
import { byRef, byTest, byValue, filterBy } from "../shapes/filters";
import { decodeId, tryDecodeId } from "../shapes/ids";
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

/**
 * The visits of a leader, by the Leader's Node ID as before any person could visit, or of any
 * person, by the Person's: a leader shares its person's id. Anything else is refused as a Leader ID would be.
 */
const visitorMatch = byTest((given: string, argument, store) => {
  const decoded = tryDecodeId(given, store.catalogue);
  const { localId } = decoded?.table === "people" ? decoded : decodeId(given, argument, "leaders", store.catalogue);
  const visits = new Set(store.table("visits").referencing("visitor", localId));
  return (row: VisitRow) => visits.has(row);
});

/** `visits(filter:)`: by dates as well as by references and status. */
export const VISIT_FILTER = filterBy(VisitFilter, "Narrows the list; every given field must match.", {
  from: dateBound("start"),
  to: dateBound("end"),
  fromDate: dateBound("start"),
  toDate: dateBound("end"),
  status: byValue(),
  visitor: visitorMatch,
  visitingCountry: byRef("visitingCountry"),
  hostCountry: byRef("hostCountry"),
});
