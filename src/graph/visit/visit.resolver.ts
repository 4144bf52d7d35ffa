import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { dateBounds, dateInterval, parsePartialDate } from "../../facts/dates";
import { visitOrderOf } from "../../facts/order";
import type { Row } from "../../facts/tables";
import { ConnectionArgs, paginate } from "../connection";
import { Country } from "../country/country.type";
import { badUserInput } from "../errors";
import { Leader } from "../leader/leader.type";
import { NodeResolver } from "../node";
import { many, one, reverseConnection, selectRows } from "../relations";
import { Visit, VisitConnection, VisitFilter, VisitOrder } from "./visit.type";
import { AgreementConnection } from "../agreement/agreement.type";
import { StatementConnection } from "../statement/statement.type";
import { Tour } from "../tour/tour.type";

type VisitRow = Row<"visits">;

function boundOf(value: string | null | undefined, argument: string, side: "start" | "end"): string | null {
  if (value == null) return null;
  if (!parsePartialDate(value)) throw badUserInput(`Argument "${argument}" must be a date as "YYYY", "YYYY-MM" or "YYYY-MM-DD", got ${JSON.stringify(value.slice(0, 40))}.`, argument);
  return dateBounds(value)[side];
}

/** Visits matching a filter; dates match when the visit may fall within [from, to]. */
export function filterVisits(ctx: Context, filter: VisitFilter | null | undefined): readonly VisitRow[] {
  const from = boundOf(filter?.from, "filter.from", "start");
  const to = boundOf(filter?.to, "filter.to", "end");
  const status = filter?.status ?? null;
  const keep =
    from === null && to === null && status === null
      ? undefined
      : (row: VisitRow) => {
          const span = dateInterval(row.date.iso, row.date.qualifier);
          return (status === null || row.status === status) && (from === null || span.end >= from) && (to === null || span.start <= to);
        };
  return selectRows(
    ctx.store,
    "visits",
    {
      visitor: { id: filter?.visitor, table: "leaders", argument: "filter.visitor" },
      visitingCountry: { id: filter?.visitingCountry, table: "countries", argument: "filter.visitingCountry" },
      hostCountry: { id: filter?.hostCountry, table: "countries", argument: "filter.hostCountry" },
    },
    keep,
  );
}

/** Orders visits by date (see facts/order.ts): the store's own order when none is filtered out, else only the matches are sorted. */
export function orderVisits(ctx: Context, rows: readonly VisitRow[], order: VisitOrder | null | undefined): readonly VisitRow[] {
  const direction = order?.direction ?? "ASC";
  const visits = visitOrderOf(ctx.store);
  return rows === ctx.store.table("visits").rows ? visits.all(direction) : visits.of(rows, direction);
}

@Resolver(() => Visit)
export class VisitResolver extends NodeResolver(Visit, "visits") {
  @Query(() => VisitConnection, { description: "Visits the sources state, by date (earliest first unless `orderBy` says otherwise), optionally filtered." })
  visits(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Arg("filter", () => VisitFilter, { nullable: true, description: "Narrows the list; every given field must match." }) filter?: VisitFilter | null,
    @Arg("orderBy", () => VisitOrder, { nullable: true, description: "How to order the visits; by date ascending when omitted." }) orderBy?: VisitOrder | null,
  ) {
    return paginate(orderVisits(ctx, filterVisits(ctx, filter), orderBy), args);
  }

  @FieldResolver(() => Leader, { nullable: true, description: "The visiting person; null when the visiting party is not a named person (see `delegation`)." })
  visitor(@Root() visit: VisitRow, @Ctx() ctx: Context) {
    return one(ctx, "leaders", visit.visitor);
  }

  @FieldResolver(() => Country, { description: "The country the visitor represents." })
  visitingCountry(@Root() visit: VisitRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", visit.visitingCountry);
  }

  @FieldResolver(() => Country, { description: "The country visited." })
  hostCountry(@Root() visit: VisitRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", visit.hostCountry);
  }

  @FieldResolver(() => [Leader], { description: "Who welcomed the visitor on arrival, e.g. a foreign minister." })
  receivedBy(@Root() visit: VisitRow, @Ctx() ctx: Context) {
    return many(ctx, "leaders", visit.receivedBy);
  }

  @FieldResolver(() => [Leader], { description: "Leaders the visitor met, or was due to meet as of the source's date." })
  meetings(@Root() visit: VisitRow, @Ctx() ctx: Context) {
    return many(ctx, "leaders", visit.meetings);
  }

  @FieldResolver(() => Tour, { nullable: true, description: "The tour this visit is a stop of, if any." })
  tour(@Root() visit: VisitRow, @Ctx() ctx: Context) {
    return one(ctx, "tours", visit.tour);
  }

  @FieldResolver(() => [Country], { description: "The countries whose leaders invited the visitor, where the source says." })
  invitedBy(@Root() visit: VisitRow, @Ctx() ctx: Context) {
    return many(ctx, "countries", visit.invitedBy);
  }

  @FieldResolver(() => AgreementConnection, { description: "Agreements signed during the visit." })
  agreements(@Root() visit: VisitRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "agreements", "signedDuring", visit.id, args);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements about the visit." })
  statements(@Root() visit: VisitRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "statements", "aboutVisit", visit.id, args);
  }
}
