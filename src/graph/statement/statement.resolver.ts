import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { NodeResolver } from "../node";
import { one } from "../relations";
import { Tour } from "../tour/tour.type";
import { Visit } from "../visit/visit.type";
import { Party, Statement } from "./statement.type";

type StatementRow = Row<"statements">;
type PartyRow = NonNullable<StatementRow["audience"]>;

/** The record a party names: a leader, a country or an organization. */
function loadParty(ctx: Context, party: PartyRow | null) {
  if (party === null) return null;
  if (party.leader) return one(ctx, "leaders", party.leader);
  if (party.country) return one(ctx, "countries", party.country);
  return one(ctx, "organizations", party.organization!);
}

@Resolver(() => Statement)
export class StatementResolver extends NodeResolver(Statement, "statements") {
  @FieldResolver(() => Party, { description: "Who said it." })
  speaker(@Root() statement: StatementRow, @Ctx() ctx: Context) {
    return loadParty(ctx, statement.speaker);
  }

  @FieldResolver(() => Party, { nullable: true, description: "Who it was said to, where the source says, e.g. the Irna news agency." })
  audience(@Root() statement: StatementRow, @Ctx() ctx: Context) {
    return loadParty(ctx, statement.audience);
  }

  @FieldResolver(() => Tour, { nullable: true, description: "The tour it is about, if any." })
  aboutTour(@Root() statement: StatementRow, @Ctx() ctx: Context) {
    return one(ctx, "tours", statement.aboutTour);
  }

  @FieldResolver(() => Visit, { nullable: true, description: "The visit it is about, if any." })
  aboutVisit(@Root() statement: StatementRow, @Ctx() ctx: Context) {
    return one(ctx, "visits", statement.aboutVisit);
  }
}
