import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs, paginate } from "../connection";
import { Country, CountryConnection } from "../country/country.type";
import { loadNode, NodeResolver } from "../node";
import { manyConnection, one } from "../relations";
import { Organization, OrganizationConnection } from "./organization.type";

type OrganizationRow = Row<"organizations">;

@Resolver(() => Organization)
export class OrganizationResolver extends NodeResolver(Organization, "organizations") {
  @Query(() => Organization, { nullable: true, description: "Looks up an organization by Node ID; null when none has it." })
  organization(@Arg("id", () => ID, { description: "The organization's Node ID." }) id: string, @Ctx() ctx: Context) {
    return loadNode(ctx, id, "id", "organizations");
  }

  @Query(() => OrganizationConnection, { description: "Organizations the sources name, in fixture order." })
  organizations(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return paginate(ctx.store.table("organizations").rows, args);
  }

  @FieldResolver(() => Country, { nullable: true, description: "The organization's home country, where the source states or plainly implies it (\"U.S. energy giant Chevron\")." })
  country(@Root() organization: OrganizationRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", organization.country);
  }

  @FieldResolver(() => CountryConnection, { description: "Member countries, for a body whose members are countries." })
  members(@Root() organization: OrganizationRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return manyConnection(ctx, "countries", organization.members, args);
  }
}
