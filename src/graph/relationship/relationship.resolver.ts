import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs, paginate } from "../connection";
import { Country } from "../country/country.type";
import { decodeId } from "../ids";
import { NodeResolver } from "../node";
import { many, one } from "../relations";
import { Relationship, RelationshipConnection, RelationshipFilter } from "./relationship.type";

type RelationshipRow = Row<"relationships">;

@Resolver(() => Relationship)
export class RelationshipResolver extends NodeResolver(Relationship, "relationships") {
  @Query(() => RelationshipConnection, { description: "Relations between countries the sources state, in fixture order, optionally filtered." })
  relationships(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Arg("filter", () => RelationshipFilter, { nullable: true, description: "Narrows the list; every given field must match." }) filter?: RelationshipFilter | null,
  ) {
    const table = ctx.store.table("relationships");
    const country = filter?.country == null ? null : decodeId(filter.country, "filter.country", "countries").localId;
    const rows = (country === null ? table.rows : table.referencingAny(EITHER_SIDE, country)).filter((r) => filter?.kind == null || r.kind === filter.kind);
    return paginate(rows, args);
  }

  @FieldResolver(() => [Country], { description: "The countries on one side, e.g. the four allies of Russia." })
  countries(@Root() relationship: RelationshipRow, @Ctx() ctx: Context) {
    return many(ctx, "countries", relationship.countries);
  }

  @FieldResolver(() => Country, { description: "The country on the other side, e.g. Russia for its allies." })
  counterpart(@Root() relationship: RelationshipRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", relationship.counterpart);
  }
}

/** The two sides of a relationship; a country takes part on either. */
export const EITHER_SIDE = ["countries", "counterpart"] as const;
