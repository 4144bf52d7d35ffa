import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { ConnectionArgs, paginate } from "../connection";
import { Country } from "../country/country.type";
import { NodeResolver } from "../node";
import { Organization } from "../organization/organization.type";
import { Event } from "../event/event.type";
import { one, selectRows } from "../relations";
import { Sanction, SanctionConnection, SanctionFilter, SanctionLicense } from "./sanction.type";

type SanctionRow = Row<"sanctions">;
type LicenseRow = SanctionRow["licenses"][number];

@Resolver(() => Sanction)
export class SanctionResolver extends NodeResolver(Sanction, "sanctions") {
  @Query(() => SanctionConnection, { description: "Sanctions the sources state, in fixture order, optionally filtered." })
  sanctions(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Arg("filter", () => SanctionFilter, { nullable: true, description: "Narrows the list; every given field must match." }) filter?: SanctionFilter | null,
  ) {
    const rows = selectRows(ctx.store, "sanctions", {
      imposer: { id: filter?.imposer, table: "countries", argument: "filter.imposer" },
      target: { id: filter?.target, table: "countries", argument: "filter.target" },
    });
    return paginate(rows, args);
  }

  @FieldResolver(() => Country, { description: "The country that imposes the sanctions." })
  imposer(@Root() sanction: SanctionRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", sanction.imposer);
  }

  @FieldResolver(() => Country, { description: "The country the sanctions are imposed on." })
  target(@Root() sanction: SanctionRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", sanction.target);
  }

  @FieldResolver(() => [SanctionLicense], { description: "Licenses (exemptions) granted under these sanctions." })
  licenses(@Root() sanction: SanctionRow): LicenseRow[] {
    return sanction.licenses;
  }
}

@Resolver(() => SanctionLicense)
export class SanctionLicenseResolver {
  @FieldResolver(() => Organization, { description: "Who the license is granted to, e.g. Chevron." })
  licensee(@Root() license: LicenseRow, @Ctx() ctx: Context) {
    return one(ctx, "organizations", license.licensee);
  }

  @FieldResolver(() => Event, { nullable: true, description: "The event after which it was granted, e.g. the resumed talks in November." })
  grantedAfter(@Root() license: LicenseRow, @Ctx() ctx: Context) {
    return one(ctx, "events", license.grantedAfter);
  }
}
