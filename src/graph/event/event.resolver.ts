import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs, paginate } from "../connection";
import { Country } from "../country/country.type";
import { NodeResolver } from "../node";
import { many, reverseConnection } from "../relations";
import { Event, EventConnection, EventFilter } from "./event.type";

type EventRow = Row<"events">;

@Resolver(() => Event)
export class EventResolver extends NodeResolver(Event, "events") {
  @Query(() => EventConnection, { description: "Events the sources name (wars, crises, talks), in fixture order, optionally filtered." })
  events(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Arg("filter", () => EventFilter, { nullable: true, description: "Narrows the list." }) filter?: EventFilter | null,
  ) {
    const rows = ctx.store.table("events").rows;
    return paginate(filter?.kind == null ? rows : rows.filter((e) => e.kind === filter.kind), args);
  }

  @FieldResolver(() => [Country], { description: "The countries it involves." })
  countries(@Root() event: EventRow, @Ctx() ctx: Context) {
    return many(ctx, "countries", event.countries);
  }

  @FieldResolver(() => [Event], { description: "What the source says sparked or led to it, e.g. the war for the energy crisis." })
  causes(@Root() event: EventRow, @Ctx() ctx: Context) {
    return many(ctx, "events", event.causes);
  }

  @FieldResolver(() => EventConnection, { description: "What the source says it sparked or led to." })
  consequences(@Root() event: EventRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "events", "causes", event.id, args);
  }
}
