import { FieldResolver, Resolver, Root } from "type-graphql";
import { elidesWords } from "../../facts/records";
import type { Row } from "../../facts/tables";
import { ELIDED_DESCRIPTION } from "../shapes/citation";
import { Statement } from "./statement.type";

@Resolver(() => Statement)
export class StatementResolver {
  @FieldResolver(() => Boolean, { description: ELIDED_DESCRIPTION })
  elided(@Root() statement: Row<"statements">): boolean {
    return elidesWords(statement.quote);
  }
}
