/**
 * The rate limit (request/rate-limit.ts) at the HTTP edge: a client with no
 * points left is refused before its request is parsed; every answer carries
 * the RateLimit fields of its client; a refused request spends the floor and its share of the
 * server's time, counted from when the whole request is in (never the client's upload).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { RATE_LIMITED, type CostRateLimit, type RateLimitState } from "../request/rate-limit";
import { prefersHtml } from "./landing-page";
import { hasBody } from "./media-types";
import type { RequestRecord } from "../request/record";
import { recordOf } from "./request-scope";

/** Answers a request its client cannot afford: 429, in the shape of every error, with Retry-After. */
export function refuse(
  limiter: CostRateLimit,
  request: FastifyRequest,
  reply: FastifyReply,
  state: RateLimitState,
  points?: number,
): FastifyReply {
  const record = recordOf(request);
  record.errorCodes.push(RATE_LIMITED);
  record.rateLimitHeaders = limiter.headers(state);
  return reply
    .code(429)
    .type("application/json; charset=utf-8")
    .send({ errors: [{ message: limiter.message(state, points), extensions: { code: RATE_LIMITED } }] });
}

export function installRateLimit(app: FastifyInstance, limiter: CostRateLimit, path: string): void {
  // On arrival, before the body is read and parsed: a client with nothing left costs next to nothing.
  // A browser's landing page is not an operation, and is never refused.
  app.addHook("onRequest", async (request, reply) => {
    if (request.routeOptions.url !== path || (request.method === "GET" && prefersHtml(request.headers.accept))) return;
    const state = await limiter.peek(recordOf(request).client);
    if (state.allowed) return;
    const delayMs = Math.min(limiter.options.refusalDelayMs, state.resetSeconds * 1000);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return refuse(limiter, request, reply, state);
  });
  // A refusal pays for the server's work, never for a slow client's upload: its time counts from the
  // body's last byte (Fastify parses it just after), or from the headers of a request without one. A
  // body that never ends (too large, cut off) was only ever waited for: it pays the floor alone.
  app.addHook("preParsing", (request, _reply, payload, done) => {
    if (request.routeOptions.url === path) {
      const record = recordOf(request);
      if (!hasBody(request)) record.receivedAt = performance.now();
      else payload.once("end", () => void (record.receivedAt = performance.now()));
    }
    done(null, payload);
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    const record = recordOf(request);
    if (record.rateLimitHeaders === undefined && isRefusal(request, reply.statusCode, record, path)) {
      const points = limiter.refusedPointsFor(record.receivedAt === undefined ? 0 : performance.now() - record.receivedAt);
      limiter.charge(record.client, points).then(
        (state) => {
          record.points = points;
          record.rateLimitHeaders = limiter.headers(state);
          void reply.headers(record.rateLimitHeaders);
          done(null, payload);
        },
        (error: Error) => done(error),
      );
      return;
    }
    if (record.rateLimitHeaders) void reply.headers(record.rateLimitHeaders);
    done(null, payload);
  });
}

/**
 * Whether the answer refuses a request to `path` as the client's mistake (a 4xx, or request errors
 * answered 200 to an `application/json` client) or as out of time before it ran: it spent nothing
 * yet, and must. Not a 429, which is the rate limit's own refusal, nor our own failures.
 */
function isRefusal(request: FastifyRequest, status: number, record: RequestRecord, path: string): boolean {
  if (status === 429 || request.url.split("?", 1)[0] !== path) return false;
  return (status >= 400 && status < 500) || status === 504 || record.requestErrorsOnly;
}
