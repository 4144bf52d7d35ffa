/** Validation rules graphql-js 16 lacks. */
import { GraphQLError, type ValidationRule } from "graphql";

/**
 * Known operation types: a mutation or subscription against a schema without
 * one is the client's mistake, found before execution. graphql-js 16 reports
 * it only when executing, as an error without a code, which would read as our
 * fault (graphql-js 17 adds this rule to its specified rules).
 */
export const KnownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`This API does not support ${node.operation} operations; it is read-only.`, { nodes: node }));
    }
  },
});
