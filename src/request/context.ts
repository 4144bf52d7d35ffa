import type { Context } from "../context";
import type { RequestRecord } from "./record";

/** What Apollo runs an operation with: the resolvers' Context, plus the HTTP request's record for the request-handling plugins. */
export interface ServedContext extends Context {
  /** The request's record (its operation, its errors, its log line); server.ts sets it. */
  request?: RequestRecord;
}
