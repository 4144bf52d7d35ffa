import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { dateBounds, dateInterval, parsePartialDate } from "../../facts/dates";
import { visitOrderOf } from "../../facts/order";
import type { Row } from "../../facts/tables";
import { Connection, ConnectionArgs, paginate } from "../connection";
import { badUserInput } from "../errors";
import { byRef, byTest, byValue, filterBy, selectRows } from "../filters";
import { Visit, VisitFilter, VisitOrder } from "./visit.type";

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

const VISIT_FILTER = filterBy(VisitFilter, "Narrows the list; every given field must match.", {
  from: dateBound("start"),
  to: dateBound("end"),
  status: byValue(),
  visitor: byRef("visitor"),
  visitingCountry: byRef("visitingCountry"),
  hostCountry: byRef("hostCountry"),
});

/** Orders visits by date (see facts/order.ts): the store's own order when none is filtered out, else only the matches are sorted. */
function orderVisits(ctx: Context, rows: readonly VisitRow[], order: VisitOrder | null | undefined): readonly VisitRow[] {
  const direction = order?.direction ?? "ASC";
  const visits = visitOrderOf(ctx.store);
  return rows === ctx.store.table("visits").rows ? visits.all(direction) : visits.of(rows, direction);
}

/** `visits`: by date, filtered by dates as well as by references and status. */
@Resolver()
export class VisitListResolver {
  @Query(() => Connection(Visit), {
    description: "Visits the sources state, by date (earliest first unless `orderBy` says otherwise), optionally filtered.",
  })
  visits(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Arg("filter", () => VisitFilter, { nullable: true, description: VISIT_FILTER.description }) filter?: VisitFilter | null,
    @Arg("orderBy", () => VisitOrder, { nullable: true, description: "How to order the visits; by date ascending when omitted." })
    orderBy?: VisitOrder | null,
  ) {
    return paginate(orderVisits(ctx, selectRows<VisitRow>(ctx.store, "visits", VISIT_FILTER, filter), orderBy), args);
  }
}
