/** A leader is a person holding an office: the way from one to the other, both ways, by their shared id. */
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { PersonRow, Row } from "../../facts/tables";
import { one } from "../entity-base/relations";
import { Leader } from "../leader/leader.type";
import { Person } from "./person.type";

@Resolver(() => Person)
export class PersonOfficeResolver {
  @FieldResolver(() => Leader, {
    nullable: true,
    description: "The office the person holds or held, as a Leader, where a source states one; null for a person who holds none.",
  })
  office(@Root() person: PersonRow, @Ctx() ctx: Context): Promise<Row<"leaders"> | null> {
    return one(ctx, "leaders", person.leader);
  }
}

@Resolver(() => Leader)
export class LeaderPersonResolver {
  @FieldResolver(() => Person, { description: "The person who holds the office, with every role the sources give them." })
  person(@Root() leader: Row<"leaders">, @Ctx() ctx: Context): Promise<PersonRow> {
    return one(ctx, "people", leader.id);
  }
}
