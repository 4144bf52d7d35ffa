/**
 * `Visit.visitor`, the visiting Leader, as published before any person could visit: the visitor
 * is now a person (`visitingPerson`), and a leader shares its person's id.
 */
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { Leader } from "../leader/leader.type";
import { Visit } from "./visit.type";

@Resolver(() => Visit)
export class VisitorResolver {
  @FieldResolver(() => Leader, {
    nullable: true,
    description:
      "The visiting leader; null when the visitor holds no office the sources state (see `visitingPerson`) or is not a named person (see `delegation`).",
  })
  visitor(@Root() visit: Row<"visits">, @Ctx() ctx: Context): Promise<Row<"leaders"> | null> | null {
    return visit.visitor === null ? null : ctx.loaders.maybe("leaders", visit.visitor);
  }
}
