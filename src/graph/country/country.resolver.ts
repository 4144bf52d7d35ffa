import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs } from "../connection";
import { badUserInput } from "../errors";
import { LeaderConnection } from "../leader/leader.type";
import { loadNode, NodeResolver } from "../node";
import { OrganizationConnection } from "../organization/organization.type";
import { reverseConnection } from "../relations";
import { SanctionConnection } from "../sanction/sanction.type";
import { VisitConnection } from "../visit/visit.type";
import { AccusationConnection } from "../accusation/accusation.type";
import { AgreementConnection } from "../agreement/agreement.type";
import { EventConnection } from "../event/event.type";
import { EITHER_SIDE } from "../relationship/relationship.resolver";
import { RelationshipConnection } from "../relationship/relationship.type";
import { ShipmentConnection } from "../shipment/shipment.type";
import { StatementConnection } from "../statement/statement.type";
import { Country } from "./country.type";

type CountryRow = Row<"countries">;

@Resolver(() => Country)
export class CountryResolver extends NodeResolver(Country, "countries") {
  @Query(() => Country, {
    nullable: true,
    description: "Looks up a country by its Node ID or by its ISO 3166-1 alpha-2 code (give exactly one); null when none matches.",
  })
  country(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "The country's Node ID." }) id?: string | null,
    @Arg("code", () => String, { nullable: true, description: "The ISO 3166-1 alpha-2 code, e.g. \"VE\" (case-insensitive)." }) code?: string | null,
  ) {
    if ((id == null) === (code == null)) throw badUserInput('Give exactly one of "id" and "code".', id == null ? "id" : "code");
    if (id != null) return loadNode(ctx, id, "id", "countries");
    const row = ctx.store.table("countries").findBy("code", code!.trim().toUpperCase());
    return row ? ctx.loaders.maybe("countries", row.id) : null;
  }

  @FieldResolver(() => LeaderConnection, { description: "Leaders of this country, current and former, that the sources name." })
  leaders(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "leaders", "country", country.id, args);
  }

  @FieldResolver(() => VisitConnection, { description: "Visits to this country: made, under way or planned." })
  visitsHosted(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "visits", "hostCountry", country.id, args);
  }

  @FieldResolver(() => VisitConnection, { description: "Visits made on behalf of this country to others." })
  visitsMade(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "visits", "visitingCountry", country.id, args);
  }

  @FieldResolver(() => SanctionConnection, { description: "Sanctions this country imposes on others." })
  sanctionsImposed(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "sanctions", "imposer", country.id, args);
  }

  @FieldResolver(() => SanctionConnection, { description: "Sanctions other countries impose on this one." })
  sanctionsReceived(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "sanctions", "target", country.id, args);
  }

  @FieldResolver(() => OrganizationConnection, { description: "Organizations this country is a member of, e.g. OPEC." })
  memberships(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "organizations", "members", country.id, args);
  }

  @FieldResolver(() => RelationshipConnection, { description: "Relations with other countries (allies, adversaries, friends, cooperation), on either side." })
  relationships(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "relationships", EITHER_SIDE, country.id, args);
  }

  @FieldResolver(() => AgreementConnection, { description: "Agreements this country is party to, e.g. the 20-year pact." })
  agreements(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "agreements", "parties", country.id, args);
  }

  @FieldResolver(() => EventConnection, { description: "Events that involve this country: wars, crises, talks." })
  events(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "events", "countries", country.id, args);
  }

  @FieldResolver(() => ShipmentConnection, { description: "Goods this country sent to others." })
  shipmentsSent(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "shipments", "sender", country.id, args);
  }

  @FieldResolver(() => ShipmentConnection, { description: "Goods other countries sent to this one." })
  shipmentsReceived(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "shipments", "recipient", country.id, args);
  }

  @FieldResolver(() => AccusationConnection, { description: "Accusations this country makes against others." })
  accusationsMade(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "accusations", "accuser", country.id, args);
  }

  @FieldResolver(() => AccusationConnection, { description: "Accusations others make against this country." })
  accusationsReceived(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "accusations", "accused", country.id, args);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements made by this country's government as a whole (\"according to Tehran\")." })
  statements(@Root() country: CountryRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "statements", "speaker.country", country.id, args);
  }
}
