import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs } from "../connection";
import { Country, CountryConnection } from "../country/country.type";
import { NodeResolver } from "../node";
import { manyConnection, one, reverseConnection } from "../relations";
import { SanctionConnection } from "../sanction/sanction.type";
import { StatementConnection } from "../statement/statement.type";
import { Organization } from "./organization.type";

type OrganizationRow = Row<"organizations">;

@Resolver(() => Organization)
export class OrganizationResolver extends NodeResolver(Organization, "organizations") {
  @FieldResolver(() => Country, { nullable: true, description: "The organization's home country, where the source states or plainly implies it (\"U.S. energy giant Chevron\")." })
  country(@Root() organization: OrganizationRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", organization.country);
  }

  @FieldResolver(() => CountryConnection, { description: "Member countries, for a body whose members are countries." })
  members(@Root() organization: OrganizationRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return manyConnection(ctx, "countries", organization.members, args);
  }

  @FieldResolver(() => SanctionConnection, { description: "Sanctions under which the organization holds a license, e.g. Chevron's in Venezuela." })
  sanctionsLicensed(@Root() organization: OrganizationRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "sanctions", "licenses.licensee", organization.id, args);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements made to the organization, e.g. to a news agency." })
  statementsHeard(@Root() organization: OrganizationRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return reverseConnection(ctx, "statements", "audience.organization", organization.id, args);
  }
}
