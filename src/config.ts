/** Environment -> typed, validated configuration. */
import path from "node:path";
import { z } from "zod";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  FIXTURES_DIR: z.string().min(1).default(path.resolve(__dirname, "..", "fixtures")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("production"),
  RESPONSE_CACHE_MB: z.coerce.number().min(0).max(4096).default(32),
  CACHE_MAX_AGE: z.coerce.number().int().min(0).max(31_536_000).default(300),
});

export interface Config {
  port: number;
  host: string;
  fixturesDir: string;
  logLevel: z.infer<typeof Env>["LOG_LEVEL"];
  /** Development mode: pretty logs. */
  development: boolean;
  /** Bytes the response cache may hold; 0 turns it off. */
  responseCacheBytes: number;
  /** Seconds an answer without errors may be cached by clients and CDNs. */
  cacheMaxAge: number;
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
    responseCacheBytes: Math.round(e.RESPONSE_CACHE_MB * 1024 * 1024),
    cacheMaxAge: e.CACHE_MAX_AGE,
  };
}
