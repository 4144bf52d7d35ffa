/** A leader is a person holding an office: the way from one to the other, both ways, by their shared id. */
import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { PersonRow, Row } from "../../facts/tables";
import { one } from "../entity-base/relations";
import { Leader } from "../leader/leader.type";
import { Connection, ConnectionArgs, type ConnectionShape, paginate } from "../shapes/connection";
import { Person, PersonRole } from "./person.type";

type PersonRoleRow = PersonRow["roles"][number];

/** Made when the module loads, before Type-GraphQL builds the schema from the types declared so far. */
const PersonRoleConnection = Connection(PersonRole);

@Resolver(() => Person)
export class PersonOfficeResolver {
  @FieldResolver(() => Leader, {
    nullable: true,
    description: "The office the person holds or held, as a Leader, where a source states one; null for a person who holds none.",
  })
  office(@Root() person: PersonRow, @Ctx() ctx: Context): Promise<Row<"leaders"> | null> {
    return one(ctx, "leaders", person.leader);
  }

  @FieldResolver(() => PersonRoleConnection, {
    description:
      "The roles the sources give the person, each with its citations, in the order of the sources. Paged: every source that gives them a role adds to it.",
  })
  roles(@Root() person: PersonRow, @Args(() => ConnectionArgs) args: ConnectionArgs): ConnectionShape<PersonRoleRow> {
    return paginate(person.roles, args);
  }
}

@Resolver(() => Leader)
export class LeaderPersonResolver {
  @FieldResolver(() => Person, { description: "The person who holds the office, with every role the sources give them." })
  person(@Root() leader: Row<"leaders">, @Ctx() ctx: Context): Promise<PersonRow> {
    return one(ctx, "people", leader.id);
  }
}
