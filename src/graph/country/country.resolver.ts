import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { badUserInput } from "../shapes/errors";
import { loadNode } from "../entity-base/node";
import { Country } from "./country.type";

/** `country(id:)` or `country(code:)`: a country is also known by its ISO code. */
@Resolver()
export class CountryLookupResolver {
  @Query(() => Country, {
    nullable: true,
    description: "Looks up a country by its Node ID or by its ISO 3166-1 alpha-2 code (give exactly one); null when none matches.",
  })
  country(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "The country's Node ID." }) id?: string | null,
    @Arg("code", () => String, { nullable: true, description: 'The ISO 3166-1 alpha-2 code, e.g. "VE" (case-insensitive).' }) code?:
      | string
      | null,
  ) {
    if ((id == null) === (code == null)) throw badUserInput('Give exactly one of "id" and "code".', id == null ? "id" : "code");
    if (id != null) return loadNode(ctx, id, "id", "countries");
    const row = ctx.store.table("countries").findBy("code", code!.trim().toUpperCase());
    return row ? ctx.loaders.maybe("countries", row.id) : null;
  }
}
