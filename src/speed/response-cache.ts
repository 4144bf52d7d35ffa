/**
 * Whole answers to repeated identical requests, in front of Apollo (the facts are read-only, so
 * the same request always gets the same answer). The key is all Apollo's answer depends on: method,
 * URL, body as sent, and the headers it reads (`accept`, `content-type`). Only a clean 200 with `data` and its cost is stored,
 * so every check has passed for that exact request before it is replayed; a replay spends its
 * client's rate-limit points. Bounded by bytes, least recently used out first.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { LRUCache } from "lru-cache";
import { DEFAULTS } from "../config";
import { refuse } from "../http/rate-limit";
import { recordOf } from "../http/request-scope";
import type { CostRateLimit } from "../request/rate-limit";

/** Bytes the cache holds unless configured (`RESPONSE_CACHE_MB`). */
export const DEFAULT_RESPONSE_CACHE_BYTES = DEFAULTS.responseCacheBytes;

export interface ResponseCacheOptions {
  /** The GraphQL route. */
  path: string;
  /** Bytes of keys and bodies kept at most; 0 turns the cache off. */
  maxBytes: number;
  /** Charges a replay the points its answer cost; false when it has refused the request instead. */
  spend?: (request: FastifyRequest, reply: FastifyReply, points: number) => Promise<boolean>;
}

interface Answer {
  body: Buffer;
  headers: Record<string, string>;
  /** The operation Apollo ran, for the request log line of a replay. */
  operationName: string | null;
  /** The points the answer cost of its client's rate limit. */
  points: number;
}

/** Headers of a request that Apollo's answer depends on. */
const KEY_HEADERS = ["accept", "content-type"] as const;
/** Headers of Apollo's answer that a replay carries; the rest are set per request by Fastify's hooks. */
const ANSWER_HEADERS = ["content-type", "cache-control", "vary"] as const;

/** The headers of Apollo's answer that another answer of the same operation carries as they are. */
export function answerHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ANSWER_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

const RAW_BODY = Symbol("rawBody");
const LOOKED_UP = Symbol("lookedUp");
const HIT = Symbol("hit");
const KEY = Symbol("responseCacheKey");
type Tagged = FastifyRequest & { [RAW_BODY]?: string; [LOOKED_UP]?: true; [HIT]?: Answer; [KEY]?: string };

/** The cache key of a request, or null when its answer must not be cached. */
function cacheKey(request: Tagged): string | null {
  if (request.method !== "GET" && request.method !== "POST") return null;
  if (request.headers["apollo-federation-include-trace"] !== undefined) return null;
  let key = `${request.method} ${request.url}`;
  for (const name of KEY_HEADERS) key += `\n${request.headers[name] ?? ""}`;
  if (request.method === "GET") return key;
  // A POST's body as sent: the JSON text, before parsing.
  const body = request[RAW_BODY];
  return body === undefined ? null : `${key}\n${body}`;
}

/** Whether Apollo's answer is one to keep: a complete JSON object with `data`, and with nothing else than its cost in `extensions`. */
export function isCleanAnswer(reply: FastifyReply, payload: unknown): payload is string {
  if (reply.statusCode !== 200 || typeof payload !== "string") return false;
  if (!String(reply.getHeader("content-type") ?? "").includes("json")) return false;
  try {
    const body = JSON.parse(payload) as Record<string, unknown>;
    if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
    const keys = Object.keys(body).join();
    if (keys === "data") return true;
    const extensions = body.extensions as Record<string, unknown> | null;
    return keys === "data,extensions" && extensions !== null && typeof extensions === "object" && Object.keys(extensions).join() === "cost";
  } catch {
    return false;
  }
}

export class ResponseCache {
  private readonly answers: LRUCache<string, Answer>;
  hits = 0;
  misses = 0;

  constructor(
    maxBytes: number,
    private readonly spend?: ResponseCacheOptions["spend"],
  ) {
    this.answers = new LRUCache<string, Answer>({
      maxSize: maxBytes,
      // No single answer may take more than an eighth of the cache.
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      sizeCalculation: (answer, key) => key.length + answer.body.length + 200,
    });
  }

  get size(): number {
    return this.answers.size;
  }

  /** Finds the request's answer, once; a request without one is tagged with its key, to store Apollo's answer under. */
  private lookup(request: Tagged, path: string): Answer | undefined {
    if (request[LOOKED_UP]) return request[HIT];
    request[LOOKED_UP] = true;
    const key = request.routeOptions.url === path ? cacheKey(request) : null;
    if (key === null) return undefined;
    const answer = this.answers.get(key);
    if (answer) {
      this.hits++;
      request[HIT] = answer;
    } else {
      this.misses++;
      request[KEY] = key;
    }
    return answer;
  }

  /** Adds the cache to `app` (before the GraphQL route is registered). */
  install(app: FastifyInstance, path: string): void {
    // Fastify's own JSON parser (same limits and prototype-poisoning checks), keeping the text for the key.
    const parseJson = app.getDefaultJsonParser("error", "error");
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (request: Tagged, body, done) => {
      const text = body as string; // parseAs: "string"
      request[RAW_BODY] = text;
      // A replayed answer was produced for this exact text, which parsed then: no need to parse it again.
      if (this.lookup(request, path)) return done(null, {});
      parseJson(request, text, done);
    });
    app.addHook("preHandler", (request: Tagged, reply, done) => {
      const answer = this.lookup(request, path);
      if (!answer) return done();
      const replay = () => {
        recordOf(request).operationName = answer.operationName;
        void reply.headers(answer.headers).send(answer.body);
      };
      if (!this.spend) return replay();
      this.spend(request, reply, answer.points).then(
        (allowed) => allowed && replay(),
        (error: Error) => done(error),
      );
    });
    app.addHook("onSend", (request: Tagged, reply, payload, done) => {
      const key = request[KEY];
      if (key !== undefined && isCleanAnswer(reply, payload)) {
        const record = recordOf(request);
        this.answers.set(key, {
          body: Buffer.from(payload),
          headers: answerHeaders(reply),
          operationName: record.operationName,
          points: record.points ?? 1,
        });
      }
      done(null, payload);
    });
  }
}

/** Puts a response cache of `maxBytes` in front of the GraphQL route at `path`; null when `maxBytes` is 0. */
export function installResponseCache(app: FastifyInstance, options: ResponseCacheOptions): ResponseCache | null {
  if (options.maxBytes <= 0) return null;
  const cache = new ResponseCache(options.maxBytes, options.spend);
  cache.install(app, options.path);
  return cache;
}

/** Spends what a replayed answer cost when it was computed; false when its client cannot afford it, and is refused. */
export function spendOnReplay(limiter: CostRateLimit) {
  return async (request: FastifyRequest, reply: FastifyReply, points: number): Promise<boolean> => {
    const record = recordOf(request);
    const state = await limiter.spend(record.client, points);
    if (!state.allowed) {
      refuse(limiter, request, reply, state, points);
      return false;
    }
    record.rateLimitHeaders = limiter.headers(state);
    return true;
  };
}
