/**
 * A Fastify request's record (request/record.ts), its id, and the one log line each request gets.
 */
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from "fastify";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RequestRecord } from "../request/record";
import pino, { type LevelWithSilent, type Logger } from "pino";

/** Where a Fastify request keeps its record (a property: a WeakMap entry per request costs more). */
const RECORD = Symbol("requestRecord");

/** The id a request is known by: the client's `x-request-id` when it is a plain token, else a new one. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === "string" && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}

/** How a request ended, for the log: served, refused as the client's fault, or failed on our side. */
export function outcomeOf(status: number, errorCodes: readonly string[]): "ok" | "rejected" | "failed" {
  if (status >= 500 || errorCodes.includes("INTERNAL_SERVER_ERROR") || errorCodes.includes("EXECUTION_TIMEOUT")) return "failed";
  if (status >= 400 || errorCodes.length > 0) return "rejected";
  return "ok";
}

/** The record of `request` (made on first use). */
export function recordOf(request: FastifyRequest): RequestRecord {
  const holder = request as FastifyRequest & { [RECORD]?: RequestRecord };
  return (holder[RECORD] ??= {
    id: String(request.id),
    client: request.ip,
    log: request.log,
    operationName: null,
    errorCodes: [],
    requestErrorsOnly: false,
  });
}

/**
 * Fastify's per-request log lines, made one line per request written when the
 * response is sent: request id, method, path, GraphQL operation, status,
 * duration and outcome. Written by the app's logger with the request id.
 */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    const log = request.server.log;
    if (enabled(log, "debug")) log.debug({ [REQUEST_ID]: request.id, method: request.method, path: pathOf(request) }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const log = request.server.log;
    if (!enabled(log, "error")) return; // the most severe level this line is written at
    const record = recordOf(request);
    const outcome = error ? "failed" : outcomeOf(reply.statusCode, record.errorCodes);
    const level = outcome === "failed" ? "error" : "info";
    if (!enabled(log, level)) return;
    log[level](
      {
        [REQUEST_ID]: request.id,
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

/** The log field holding the request id (Fastify's default `requestIdLogLabel`). */
const REQUEST_ID = "reqId";

/** Whether `log` writes lines of `level`; true when it cannot say (pino can). */
function enabled(log: FastifyBaseLogger, level: LevelWithSilent): boolean {
  return (log as Partial<Logger>).isLevelEnabled?.(level) ?? true;
}

/** The path without the query string (a GET's query string is the whole GraphQL document). */
function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0]!.slice(0, 200);
}

/** Bytes of log lines kept waiting for stdout at most (`logDestination`). */
export const LOG_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Where the process writes its log lines: stdout, asynchronously as pino does
 * by default, but with a bounded buffer. pino's default destination keeps
 * every line stdout has not taken yet, so a reader that stalls (a full pipe,
 * a stuck log shipper) grew the server by one line per request without end.
 * Past `maxBytes` waiting, lines are
 * dropped; once stdout takes lines again, one line says how many were.
 */
export function logDestination(fd = 1, maxBytes = LOG_BUFFER_BYTES): ReturnType<typeof pino.destination> {
  const stream = pino.destination({ dest: fd, sync: false, maxLength: maxBytes });
  let dropped = 0;
  stream.on("drop", () => void dropped++);
  stream.on("drain", () => {
    if (dropped === 0) return;
    const line = {
      level: 40,
      time: Date.now(),
      pid: process.pid,
      hostname: hostname(),
      droppedLines: dropped,
      msg: `${dropped} log lines dropped: the log's reader did not keep up`,
    };
    dropped = 0;
    stream.write(`${JSON.stringify(line)}\n`);
  });
  return stream;
}
