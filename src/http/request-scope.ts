/**
 * Per-request record and the one log line each request gets.
 *
 * Apollo's `formatError` has no access to the request, yet a masked error must
 * carry the request id and its stack must be logged under the same id; the
 * record travels with the request's async work (AsyncLocalStorage, entered the
 * way @fastify/request-context does) so any code handling the request finds it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";

export interface RequestRecord {
  id: string;
  /** The request's pino logger (its lines carry `reqId`). */
  log: FastifyBaseLogger;
  /** The GraphQL operation that ran, once Apollo has resolved it. */
  operationName: string | null;
  /** `extensions.code` of every error the response carries, in order. */
  errorCodes: string[];
  /** Apollo answered a well-formed request with request errors only (parse, validation, variables, limits). */
  requestErrorsOnly: boolean;
}

const storage = new AsyncLocalStorage<RequestRecord>();
const records = new WeakMap<FastifyRequest, RequestRecord>();

/** The record of the request being handled, if any. */
export function currentRequest(): RequestRecord | undefined {
  return storage.getStore();
}

/** How a request ended, for the log: served, refused as the client's fault, or failed on our side. */
export function outcomeOf(status: number, errorCodes: readonly string[]): "ok" | "rejected" | "failed" {
  if (status >= 500 || errorCodes.includes("INTERNAL_SERVER_ERROR") || errorCodes.includes("EXECUTION_TIMEOUT")) return "failed";
  if (status >= 400 || errorCodes.length > 0) return "rejected";
  return "ok";
}

/** The record of `request` (made on first use). */
export function recordOf(request: FastifyRequest): RequestRecord {
  let record = records.get(request);
  if (!record) {
    record = { id: String(request.id), log: request.log, operationName: null, errorCodes: [], requestErrorsOnly: false };
    records.set(request, record);
  }
  return record;
}

/** Gives every request a record and runs its handler inside it. */
export function registerRequestScope(app: FastifyInstance): void {
  app.addHook("onRequest", (request, _reply, done) => {
    recordOf(request);
    done();
  });
  // After the body is read, so the handler and everything it awaits run inside the record.
  app.addHook("preHandler", (request, _reply, done) => storage.run(recordOf(request), done));
}

/**
 * Fastify's per-request log lines, made one line per request written when the
 * response is sent: request id, method, path, GraphQL operation, status,
 * duration and outcome.
 */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ method: request.method, path: pathOf(request) }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const record = recordOf(request);
    const outcome = error ? "failed" : outcomeOf(reply.statusCode, record.errorCodes);
    request.log[outcome === "failed" ? "error" : "info"](
      {
        method: request.method,
        path: pathOf(request),
        operationName: record.operationName,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        outcome,
        ...(record.errorCodes.length ? { errorCodes: [...new Set(record.errorCodes)] } : {}),
        ...(error ? { err: error } : {}),
      },
      "request completed",
    );
  }
}

/** The path without the query string (a GET's query string is the whole GraphQL document). */
function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0]!.slice(0, 200);
}
