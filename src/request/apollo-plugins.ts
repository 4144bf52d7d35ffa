/** Apollo Server plugins for hostile traffic: admission (tokens, cost, rate limit), timeouts, and what the request log records. */
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { ServedContext } from "./context";
import { exceedsTokens, LimitExceededError, type Limits, EXECUTION_TIMEOUT } from "./limits";
import { costLimitError, type CostModel, type Estimate } from "./cost";
import { pointsFor, RATE_LIMITED, type CostRateLimit } from "./rate-limit";
import { link } from "./record";
import { checkVariables } from "./variables";

/** What `extensions.cost` of an answer says: the estimate and the limits it was held to. */
export function costExtension(estimate: Estimate, limits: Pick<Limits, "maxCost" | "maxIntrospectionCost">, points: number) {
  return {
    requestedQueryCost: estimate.cost,
    maximumQueryCost: limits.maxCost,
    ...(estimate.introspection > 0
      ? { requestedIntrospectionCost: estimate.introspection, maximumIntrospectionCost: limits.maxIntrospectionCost }
      : {}),
    rateLimitPoints: points,
  };
}

/** Request errors listed in one answer; the rest are counted in one more error. */
export const MAX_ERRORS_LISTED = 5;
export const TOO_MANY_ERRORS = "TOO_MANY_ERRORS";

/**
 * The first `MAX_ERRORS_LISTED` request errors and one saying how many more there are: an
 * operation with a hundred unknown directives is one mistake to its author, not a hundred to read.
 */
export function cappedErrors<E extends { extensions?: Record<string, unknown> }>(errors: readonly E[]): (E | GraphQLFormattedError)[] {
  if (errors.length <= MAX_ERRORS_LISTED + 1) return [...errors];
  const omitted = errors.length - MAX_ERRORS_LISTED;
  return [
    ...errors.slice(0, MAX_ERRORS_LISTED),
    {
      message: `${omitted} more errors not listed; fix those above and send the operation again to see the rest.`,
      extensions: { code: TOO_MANY_ERRORS, omitted },
    },
  ];
}

/** The refusal of a request over its client's rate limit: 429, with the RateLimit fields and Retry-After. */
export function rateLimitedError(message: string, headers: Record<string, string>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: RATE_LIMITED, http: { status: 429, headers: new HeaderMap(Object.entries(headers)) } },
  });
}

/**
 * Admits an operation, or refuses it before it executes: over the token limit
 * (marked while parsing, so the parser's error can be reported as the limit),
 * variables over their bounds (before anything walks them), over the cost or
 * introspection cost limits, or over its client's rate limit. An operation
 * Apollo could not resolve (an unknown name) is left to Apollo, which refuses it.
 * Cost is known only once the operation is, because it depends on the
 * variables (`first: $n`), which validation rules never see. Every answer of
 * an admitted or refused operation reports its estimate in `extensions.cost`.
 */
export function admissionPlugin(limits: Limits, costs: CostModel, rateLimit: CostRateLimit | null): ApolloServerPlugin<ServedContext> {
  return {
    async requestDidStart() {
      let cost: ReturnType<typeof costExtension> | undefined;
      return {
        async parsingDidStart({ source, contextValue }) {
          if (contextValue.request && exceedsTokens(source, limits.maxTokens)) contextValue.request.tooManyTokens = true;
        },
        async didResolveOperation({ source, document, operation, request, contextValue }) {
          if (!operation) return;
          const unbounded = checkVariables(request.variables, limits);
          if (unbounded) throw unbounded;
          // The request's time runs from its arrival: parsing, validation and the estimate count against it too.
          const checkDeadline = () => contextValue.loaders.checkDeadline();
          checkDeadline();
          const estimate = costs.estimate(document, request.operationName, request.variables, source, checkDeadline);
          if (!estimate) {
            // Variables that do not fit: graphql-js refuses them, stopping after its first errors.
            if (contextValue.request) contextValue.request.variablesRefused = true;
            return;
          }
          const points = Number.isFinite(estimate.cost + estimate.introspection)
            ? pointsFor(estimate.cost, estimate.introspection)
            : Infinity;
          if (Number.isFinite(points)) cost = costExtension(estimate, limits, points);
          if (estimate.introspection > limits.maxIntrospectionCost) {
            throw new LimitExceededError("maxIntrospectionCost", limits.maxIntrospectionCost, finite(estimate.introspection));
          }
          if (estimate.cost > limits.maxCost) {
            const pages = Number.isFinite(estimate.cost) ? costs.defaultPages(document, request.operationName, request.variables) : [];
            throw costLimitError(limits.maxCost, finite(estimate.cost), pages);
          }
          const record = contextValue.request;
          // A request that has paid already (its RateLimit fields are known) is not charged twice.
          if (!rateLimit || !record || record.rateLimitHeaders) return;
          record.points = points;
          const state = await rateLimit.spend(record.client, points);
          record.rateLimitHeaders = rateLimit.headers(state);
          if (!state.allowed) throw rateLimitedError(rateLimit.message(state, points), record.rateLimitHeaders);
        },
        async willSendResponse({ response }) {
          if (cost && response.body.kind === "single") {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, cost };
          }
        },
      };
    },
  };
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Links every error Apollo meets to the request's record, before Apollo
 * formats it, so `formatError` (http/errors.ts) knows whose error it is.
 * Shapes the response once it is known: request errors are listed up to
 * `MAX_ERRORS_LISTED`; a request that ran out of time gets
 * one EXECUTION_TIMEOUT error and 504 instead of a page of partial results
 * (its cost estimate stays);
 * the request's record learns its operation and whether Apollo refused a
 * well-formed request with GraphQL request errors only (parse, validation,
 * variables, limits), which an application/json client gets with status 200.
 */
export function responsePlugin(): ApolloServerPlugin<ServedContext> {
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
          if (result.data === undefined && result.errors && result.errors.length > MAX_ERRORS_LISTED + 1) {
            // Request errors only (parse, validation, limits): what runs keeps every error graphql-js gives.
            response.body = { kind: "single", singleResult: { ...result, errors: cappedErrors(result.errors) } };
          }
          if (timeout) {
            response.body = {
              kind: "single",
              singleResult: { errors: [timeout], ...(result.extensions ? { extensions: result.extensions } : {}) },
            };
            response.http.status = 504;
          } else if (record) {
            // A malformed request (BAD_REQUEST: no query, say) keeps its 400 whatever the media type.
            record.requestErrorsOnly =
              response.http.status === 400 &&
              result.data === undefined &&
              !!result.errors?.length &&
              result.errors.every((e) => e.extensions?.code !== "BAD_REQUEST");
          }
        },
      };
    },
  };
}
