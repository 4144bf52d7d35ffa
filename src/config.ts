/** Environment -> typed, validated configuration. */
import path from "node:path";
import { z } from "zod";
import { DEFAULT_LIMITS, type Limits } from "./graph/limits";
import { DEFAULT_CACHE_MAX_AGE } from "./http/cache-policy";
import { DEFAULT_DOCUMENT_STORE_BYTES } from "./http/document-store";
import { DEFAULT_RESPONSE_CACHE_BYTES } from "./http/response-cache";

const MIB = 1024 * 1024;

/** A positive integer from the environment, with its default. */
const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default("0.0.0.0"),
    FIXTURES_DIR: z.string().min(1).default(path.resolve(__dirname, "..", "fixtures")),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    NODE_ENV: z.string().default("production"),
    // Limits on what one request may ask for (README: Security and limits).
    MAX_DEPTH: positive(DEFAULT_LIMITS.maxDepth),
    MAX_INTROSPECTION_DEPTH: positive(DEFAULT_LIMITS.maxIntrospectionDepth),
    MAX_ALIASES: positive(DEFAULT_LIMITS.maxAliases),
    MAX_DIRECTIVES: positive(DEFAULT_LIMITS.maxDirectives),
    MAX_TOKENS: positive(DEFAULT_LIMITS.maxTokens),
    MAX_COST: positive(DEFAULT_LIMITS.maxCost),
    BODY_LIMIT_BYTES: positive(DEFAULT_LIMITS.bodyLimitBytes),
    EXECUTION_TIMEOUT_MS: positive(DEFAULT_LIMITS.executionTimeoutMs),
    INCLUDE_STACKTRACE: z.enum(["true", "false"]).default("false"),
    // The fast path's caches (README: Performance).
    RESPONSE_CACHE_MB: z.coerce.number().min(0).max(4096).default(DEFAULT_RESPONSE_CACHE_BYTES / (1024 * 1024)),
    CACHE_MAX_AGE: z.coerce.number().int().min(0).max(31_536_000).default(DEFAULT_CACHE_MAX_AGE),
    // Apollo's parsed documents, by their real size (src/http/document-store.ts): digits only, 0 keeps none.
    DOCUMENT_STORE_MB: z
      .string()
      .regex(/^\d{1,4}$/, "must be a whole number of MiB, 0 to 4096")
      .default(String(DEFAULT_DOCUMENT_STORE_BYTES / MIB))
      .transform(Number)
      .refine((mib) => mib <= 4096, "must be a whole number of MiB, 0 to 4096"),
  })
  .refine((e) => e.INCLUDE_STACKTRACE === "false" || e.NODE_ENV === "development", {
    path: ["INCLUDE_STACKTRACE"],
    message: "stack traces in responses are for development only: set NODE_ENV=development too",
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
  /** Bytes the response cache may hold; 0 turns it off. */
  responseCacheBytes: number;
  /** Seconds an answer without errors may be cached by clients and CDNs. */
  cacheMaxAge: number;
  /** Bytes of parsed documents Apollo may keep, by their estimated heap size; 0 keeps none. */
  documentStoreBytes: number;
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
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      executionTimeoutMs: e.EXECUTION_TIMEOUT_MS,
    },
    responseCacheBytes: Math.round(e.RESPONSE_CACHE_MB * 1024 * 1024),
    cacheMaxAge: e.CACHE_MAX_AGE,
    documentStoreBytes: e.DOCUMENT_STORE_MB * MIB,
  };
}
