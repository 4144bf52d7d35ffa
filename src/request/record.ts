/**
 * The record of one request: who sent it, what ran, what it spent, and its deadline.
 *
 * Apollo's `formatError` has no access to the request, yet a masked error must
 * carry the request id and its stack must be logged under the same id. So the
 * record rides in the request's context value (server.ts puts it there) and a
 * plugin links every error Apollo meets to it before Apollo formats them.
 * Plain links, not AsyncLocalStorage: on Node 20 that turns on a promise hook
 * for every promise of every request.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Deadline } from "../loaders";

export interface RequestRecord {
  id: string;
  /** The client's address (behind a trusted proxy, the one it forwards): what the rate limit counts by. */
  client: string;
  /** The request's pino logger (its lines carry `reqId`). */
  log: FastifyBaseLogger;
  /** The GraphQL operation that ran, once Apollo has resolved it. */
  operationName: string | null;
  /** `extensions.code` of every error the response carries, in order. */
  errorCodes: string[];
  /** Apollo answered a well-formed request with request errors only (parse, validation, variables, limits). */
  requestErrorsOnly: boolean;
  /** The points the request spent of its client's rate limit, once its cost is known. */
  points?: number;
  /** The RateLimit header fields its answer carries; set once it has paid, so that nothing charges it again. */
  rateLimitHeaders?: Record<string, string>;
  /** The source held more tokens than the limit (graphql-js's parser then refuses it). */
  tooManyTokens?: boolean;
  /** Its variables do not fit its operation (request/apollo-plugins.ts): graphql-js refuses them, and nothing else runs it. */
  variablesRefused?: boolean;
  /**
   * When the server had the whole request (its body's last byte, or its headers without a body), as
   * `performance.now()`: what a refusal's share of time is counted from (http/rate-limit.ts).
   */
  receivedAt?: number;
  /** When its execution must have ended: from its arrival, set when it arrives (server.ts). */
  deadline?: Deadline;
}

/** Errors, each to the record of the request that met it. */
const records = new WeakMap<object, RequestRecord>();

/** Links `value` (an error) to the request `record` belongs to. */
export function link(value: object, record: RequestRecord): void {
  records.set(value, record);
}

/** The record `value` was linked to, if any. */
export function linkedRecord(value: unknown): RequestRecord | undefined {
  return typeof value === "object" && value !== null ? records.get(value) : undefined;
}
