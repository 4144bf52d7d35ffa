/** Environment -> typed, validated configuration. */
import path from "node:path";
import { z } from "zod";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  FIXTURES_DIR: z.string().min(1).default(path.resolve(__dirname, "..", "fixtures")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("production"),
});

export interface Config {
  port: number;
  host: string;
  fixturesDir: string;
  logLevel: z.infer<typeof Env>["LOG_LEVEL"];
  /** Development mode: pretty logs. */
  development: boolean;
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
  };
}
