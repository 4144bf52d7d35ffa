/** Apollo Server plugins for hostile traffic: the cost limit, timeouts, and what the request log records. */
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { CostLimit, type Limits } from "../graph/limits";
import { EXECUTION_TIMEOUT } from "./errors";
import { link } from "./request-scope";

/**
 * Rejects an operation over the cost limit before it executes. It runs once
 * the operation is known, because the cost depends on the variables
 * (`first: $n`), which validation rules never see.
 */
export function costLimitPlugin(limits: Pick<Limits, "maxCost">): ApolloServerPlugin {
  const costLimit = new CostLimit(limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // Apollo answers that itself (OPERATION_RESOLUTION_FAILURE).
          const error = costLimit.check(schema, document, operation, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}

/**
 * Links every error Apollo meets to the request's record, before Apollo
 * formats it, so `formatError` (http/errors.ts) knows whose error it is.
 * Shapes the response once it is known: a request that ran out of time gets
 * one EXECUTION_TIMEOUT error and 504 instead of a page of partial results;
 * the request's record learns its operation and whether Apollo refused a
 * well-formed request with GraphQL request errors only (parse, validation,
 * variables, limits), which an application/json client gets with status 200.
 */
export function responsePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const record = contextValue.request;
          if (record) for (const error of errors) link(error, record);
        },
        async willSendResponse({ response, operationName, request, contextValue }) {
          const record = contextValue.request;
          if (record) record.operationName = operationName ?? request.operationName ?? null;
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const timeout = result.errors?.find((e) => e.extensions?.code === EXECUTION_TIMEOUT);
          if (timeout) {
            response.body = { kind: "single", singleResult: { errors: [timeout] } };
            response.http.status = 504;
          } else if (record) {
            // A malformed request (BAD_REQUEST: no query, say) keeps its 400 whatever the media type.
            record.requestErrorsOnly =
              response.http.status === 400 && result.data === undefined && !!result.errors?.length && result.errors.every((e) => e.extensions?.code !== "BAD_REQUEST");
          }
        },
      };
    },
  };
}
