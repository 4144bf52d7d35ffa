/** Environment -> typed, validated configuration. */
import path from "node:path";
import { z } from "zod";
import { DEFAULT_LIMITS, type Limits } from "./request/limits";
import { DEFAULT_CACHE_MAX_AGE } from "./http/cache-policy";
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "./http/connections";
import { DEFAULT_DOCUMENT_STORE_BYTES } from "./http/document-store";
import { DEFAULT_RESPONSE_CACHE_BYTES } from "./http/response-cache";
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from "./request/rate-limit";

/**
 * An integer written in plain decimal digits, or null. `Number()` and
 * `z.coerce.number()` also take "" (as 0), " 7", "0x1f", "1e3", "+7" and "7.0";
 * a leading zero is refused too, since "010" reads as octal elsewhere.
 */
export function parseDecimal(text: string): number | null {
  return /^(?:0|[1-9][0-9]{0,14})$/.test(text) ? Number(text) : null;
}

/** An integer setting from `min` to `max` in plain decimal digits, with its default when unset. */
const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .transform((text, ctx) => {
      const value = parseDecimal(text);
      if (value !== null && value >= min && value <= max) return value;
      const range = max >= Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      ctx.addIssue({
        code: "custom",
        message: `must be a whole number ${range} in plain decimal digits, got ${JSON.stringify(text.slice(0, 30))}`,
      });
      return z.NEVER;
    })
    .default(fallback);

const MIB = 1024 * 1024;

/** A positive integer from the environment, with its default. */
const positive = (fallback: number) => integer(1, Number.MAX_SAFE_INTEGER, fallback);
/** Milliseconds, up to a day (Node's timers overflow past 24.8 days). */
const milliseconds = (fallback: number, min = 1) => integer(min, 86_400_000, fallback);

const Env = z
  .object({
    // 0 is any free port (the start-up line names it).
    PORT: integer(0, 65535, 4000),
    HOST: z.string().min(1).default("0.0.0.0"),
    FIXTURES_DIR: z
      .string()
      .min(1)
      .default(path.resolve(__dirname, "..", "fixtures")),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    NODE_ENV: z.string().default("production"),
    // Limits on what one request may ask for (README: Security and limits).
    MAX_DEPTH: positive(DEFAULT_LIMITS.maxDepth),
    MAX_INTROSPECTION_DEPTH: positive(DEFAULT_LIMITS.maxIntrospectionDepth),
    MAX_ALIASES: positive(DEFAULT_LIMITS.maxAliases),
    MAX_DIRECTIVES: positive(DEFAULT_LIMITS.maxDirectives),
    MAX_TOKENS: positive(DEFAULT_LIMITS.maxTokens),
    MAX_COST: positive(DEFAULT_LIMITS.maxCost),
    MAX_INTROSPECTION_COST: positive(DEFAULT_LIMITS.maxIntrospectionCost),
    BODY_LIMIT_BYTES: positive(DEFAULT_LIMITS.bodyLimitBytes),
    EXECUTION_TIMEOUT_MS: positive(DEFAULT_LIMITS.executionTimeoutMs),
    // Bounds on connections (README: Security and limits).
    MAX_CONNECTIONS: positive(DEFAULT_CONNECTION_LIMITS.maxConnections),
    HEADERS_TIMEOUT_MS: milliseconds(DEFAULT_CONNECTION_LIMITS.headersTimeoutMs),
    REQUEST_TIMEOUT_MS: milliseconds(DEFAULT_CONNECTION_LIMITS.requestTimeoutMs),
    // At least a second: the Keep-Alive header tells clients the timeout in whole seconds.
    KEEP_ALIVE_TIMEOUT_MS: milliseconds(DEFAULT_CONNECTION_LIMITS.keepAliveTimeoutMs, 1000),
    IDLE_TIMEOUT_MS: milliseconds(DEFAULT_CONNECTION_LIMITS.idleTimeoutMs),
    INCLUDE_STACKTRACE: z.enum(["true", "false"]).default("false"),
    FEDERATION_TRACES: z.enum(["true", "false"]).default("false"),
    // Per-client rate limit by cost (README: Security and limits); 0 points turns it off.
    RATE_LIMIT_POINTS: integer(0, Number.MAX_SAFE_INTEGER, DEFAULT_RATE_LIMIT.points),
    RATE_LIMIT_WINDOW_SECONDS: positive(DEFAULT_RATE_LIMIT.windowSeconds),
    // Behind a proxy: Fastify's trustProxy (true, or the proxies' addresses and CIDRs), so that clients are told apart by X-Forwarded-For.
    TRUST_PROXY: z.string().default("false"),
    // The fast path's caches (README: Performance).
    RESPONSE_CACHE_MB: integer(0, 4096, DEFAULT_RESPONSE_CACHE_BYTES / (1024 * 1024)),
    CACHE_MAX_AGE: integer(0, 31_536_000, DEFAULT_CACHE_MAX_AGE),
    // Apollo's parsed documents, by their real size (src/http/document-store.ts); 0 keeps none.
    DOCUMENT_STORE_MB: integer(0, 4096, DEFAULT_DOCUMENT_STORE_BYTES / MIB),
  })
  .refine((e) => e.INCLUDE_STACKTRACE === "false" || e.NODE_ENV === "development", {
    path: ["INCLUDE_STACKTRACE"],
    message: "stack traces in responses are for development only: set NODE_ENV=development too",
  })
  // Node refuses a headers timeout longer than the whole request's.
  .refine((e) => e.HEADERS_TIMEOUT_MS <= e.REQUEST_TIMEOUT_MS, {
    path: ["HEADERS_TIMEOUT_MS"],
    message: "must not be longer than REQUEST_TIMEOUT_MS, which includes the headers",
  });

export interface Config {
  port: number;
  host: string;
  fixturesDir: string;
  logLevel: z.infer<typeof Env>["LOG_LEVEL"];
  /** Development mode: pretty logs, field suggestions in error messages. */
  development: boolean;
  /** Stack traces and unmasked messages in error responses (development only). */
  includeStacktrace: boolean;
  limits: Limits;
  connections: ConnectionLimits;
  /** Federated (ftv1) traces for a router that asks for them. */
  federationTraces: boolean;
  /** Bytes the response cache may hold; 0 turns it off. */
  responseCacheBytes: number;
  /** Seconds an answer without errors may be cached by clients and CDNs. */
  cacheMaxAge: number;
  /** Points each client may spend per window; 0 points turns rate limiting off. */
  rateLimit: RateLimitOptions;
  /** Which proxies' X-Forwarded-For names the client (Fastify's `trustProxy`). */
  trustProxy: TrustProxy;
  /** Bytes of parsed documents Apollo may keep, by their estimated heap size; 0 keeps none. */
  documentStoreBytes: number;
}

/** Fastify's `trustProxy`: no proxy, every proxy, or the proxies' addresses. */
export type TrustProxy = boolean | string[];

/** TRUST_PROXY: "false", "true" (whatever connects is a proxy), or a comma-separated list of proxy addresses and CIDRs. */
export function parseTrustProxy(value: string): TrustProxy {
  if (value === "false" || value === "") return false;
  if (value === "true") return true;
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid environment: ${reasons}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    fixturesDir: path.resolve(e.FIXTURES_DIR),
    logLevel: e.LOG_LEVEL,
    development: e.NODE_ENV === "development",
    includeStacktrace: e.INCLUDE_STACKTRACE === "true",
    limits: {
      maxDepth: e.MAX_DEPTH,
      maxIntrospectionDepth: e.MAX_INTROSPECTION_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxTokens: e.MAX_TOKENS,
      maxCost: e.MAX_COST,
      maxIntrospectionCost: e.MAX_INTROSPECTION_COST,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      executionTimeoutMs: e.EXECUTION_TIMEOUT_MS,
    },
    connections: {
      maxConnections: e.MAX_CONNECTIONS,
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
      idleTimeoutMs: e.IDLE_TIMEOUT_MS,
    },
    federationTraces: e.FEDERATION_TRACES === "true",
    responseCacheBytes: Math.round(e.RESPONSE_CACHE_MB * 1024 * 1024),
    cacheMaxAge: e.CACHE_MAX_AGE,
    rateLimit: { points: e.RATE_LIMIT_POINTS, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    documentStoreBytes: e.DOCUMENT_STORE_MB * MIB,
  };
}
