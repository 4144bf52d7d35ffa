import { ApolloServerErrorCode } from "@apollo/server/errors";
import { GraphQLError } from "graphql";

/** A request the caller can fix: always `BAD_USER_INPUT`, naming the argument at fault. */
export function badUserInput(message: string, argumentName?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, ...(argumentName ? { argumentName } : {}) },
  });
}
