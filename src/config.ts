/**
 * Every setting, once: its environment variable, how its text is read, its default (written as it
 * would be in the environment) and what it means. Modules take their defaults from here, and the
 * README's tables of settings are made from it (`npm run docs`; a test checks they match).
 * Nothing here imports the engine, so reading the configuration stays cheap.
 */
import path from "node:path";
import { z } from "zod";

/** The README tables settings are listed in. */
export const SECTIONS = ["server", "limits", "connections"] as const;
export type Section = (typeof SECTIONS)[number];

export interface Setting<T> {
  env: string;
  section: Section;
  /** Reads the variable's text. */
  read: z.ZodType<T, string>;
  /** The default, as it would be written in the environment. */
  default: string;
  /** The default as the README shows it, where the text itself would not say (a path of this checkout). */
  shownDefault?: string;
  /** What it means, for the README (Markdown, one line). */
  description: string;
}

const MIB = 1024 * 1024;

/**
 * An integer written in plain decimal digits, or null. `Number()` and
 * `z.coerce.number()` also take "" (as 0), " 7", "0x1f", "1e3", "+7" and "7.0";
 * a leading zero is refused too, since "010" reads as octal elsewhere.
 */
export function parseDecimal(text: string): number | null {
  return /^(?:0|[1-9][0-9]{0,14})$/.test(text) ? Number(text) : null;
}

/** An integer from `min` to `max` in plain decimal digits. */
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().transform((text, ctx) => {
    const value = parseDecimal(text);
    if (value !== null && value >= min && value <= max) return value;
    const range = max >= Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    ctx.addIssue({
      code: "custom",
      message: `must be a whole number ${range} in plain decimal digits, got ${JSON.stringify(text.slice(0, 30))}`,
    });
    return z.NEVER;
  });
/** Milliseconds, up to a day (Node's timers overflow past 24.8 days). */
const milliseconds = (min = 1) => integer(min, 86_400_000);
/** Whole MiB, as bytes. */
const mebibytes = () => integer(0, 4096).transform((mb) => mb * MIB);
const flag = () => z.enum(["true", "false"]).transform((text) => text === "true");

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

const setting = <T>(s: Setting<T>): Setting<T> => s;
const server = <T>(s: Omit<Setting<T>, "section">) => setting({ ...s, section: "server" });
const limit = <T>(s: Omit<Setting<T>, "section">) => setting({ ...s, section: "limits" });
const bound = <T>(s: Omit<Setting<T>, "section">) => setting({ ...s, section: "connections" });

export const SETTINGS = {
  port: server({
    env: "PORT",
    read: integer(0, 65535),
    default: "4000",
    description: "HTTP port; `0` takes any free port (the start-up log line names it)",
  }),
  host: server({
    env: "HOST",
    read: z.string().min(1),
    default: "0.0.0.0",
    description:
      "interface to listen on (`localhost` is the first address it resolves to, not each of them: every socket the server listens on has the bounds of [Security and limits](#security-and-limits))",
  }),
  fixturesDir: server({
    env: "FIXTURES_DIR",
    read: z
      .string()
      .min(1)
      .transform((dir) => path.resolve(dir)),
    default: path.resolve(__dirname, "..", "fixtures"),
    shownDefault: "`fixtures/` of this checkout",
    description: "where the facts are read from",
  }),
  logLevel: server({
    env: "LOG_LEVEL",
    read: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    default: "info",
    description: "pino level (`silent` to turn logs off)",
  }),
  development: server({
    env: "NODE_ENV",
    read: z
      .string()
      .min(1)
      .transform((mode) => mode === "development"),
    default: "production",
    description: "`development` pretty-prints logs and allows `INCLUDE_STACKTRACE`",
  }),
  includeStacktrace: server({
    env: "INCLUDE_STACKTRACE",
    read: flag(),
    default: "false",
    description: "`true` puts real messages and stack traces of unexpected errors in responses; refused unless `NODE_ENV=development`",
  }),
  responseCacheBytes: server({
    env: "RESPONSE_CACHE_MB",
    read: mebibytes(),
    default: "32",
    description: "whole MiB for answers to repeated identical requests; `0` turns the response cache off (see [Performance](#performance))",
  }),
  preparedBytes: server({
    env: "PREPARED_MB",
    read: mebibytes(),
    default: "8",
    description:
      "whole MiB for operations answered without Apollo's per-request pipeline once Apollo has answered them cleanly; `0` sends every request through Apollo (see [Performance](#performance))",
  }),
  cacheMaxAge: server({
    env: "CACHE_MAX_AGE",
    read: integer(0, 31_536_000),
    default: "300",
    description: "seconds an answer without errors may be cached by browsers and CDNs (`Cache-Control`); `0` sends `no-store`",
  }),
  documentStoreBytes: server({
    env: "DOCUMENT_STORE_MB",
    read: mebibytes(),
    default: "16",
    description:
      "whole MiB for parsed and validated documents (Apollo's document store), by their measured size; `0` parses and validates every request (see [Performance](#performance))",
  }),
  federationTraces: server({
    env: "FEDERATION_TRACES",
    read: flag(),
    default: "false",
    description: "`true` gives federated (`ftv1`) field traces to whoever asks for them (see [Federation](#federation))",
  }),
  trustProxy: server({
    env: "TRUST_PROXY",
    read: z.string().transform(parseTrustProxy),
    default: "false",
    description:
      "behind a proxy: `true`, or the proxies' addresses and CIDRs (comma-separated), so that clients are told apart by `X-Forwarded-For` (Fastify's `trustProxy`)",
  }),
  // graphql-armor's defaults (tokens 1000, aliases 15, directives 50), except depth: every hop through a
  // connection is two levels (`leaders { nodes { … } }`), so armor's 6 is 12 here. Cost: a page four
  // connections deep at `first: 10` comes to about 14,000; the standard introspection query to about 235,000.
  limits: {
    maxDepth: limit({
      env: "MAX_DEPTH",
      read: integer(1),
      default: "12",
      description: "selection depth, counted in fields (fragments add no level of their own); over it: `DEPTH_LIMIT_EXCEEDED`",
    }),
    maxIntrospectionDepth: limit({
      env: "MAX_INTROSPECTION_DEPTH",
      read: integer(1),
      default: "25",
      description:
        "depth of an operation that selects `__schema` (the introspection query is 21); over it: `INTROSPECTION_DEPTH_LIMIT_EXCEEDED`",
    }),
    maxAliases: limit({
      env: "MAX_ALIASES",
      read: integer(1),
      default: "15",
      description: "aliases per operation, fragments and `__typename` aliases counted; over it: `ALIAS_LIMIT_EXCEEDED`",
    }),
    maxDirectives: limit({
      env: "MAX_DIRECTIVES",
      read: integer(1),
      default: "50",
      description: "directives per operation, fragments counted; over it: `DIRECTIVE_LIMIT_EXCEEDED`",
    }),
    maxTokens: limit({
      env: "MAX_TOKENS",
      read: integer(1),
      default: "1000",
      description: "lexical tokens per document (parsing stops at the first one over); over it: `TOKEN_LIMIT_EXCEEDED`",
    }),
    maxCost: limit({
      env: "MAX_COST",
      read: integer(1),
      default: "25000",
      description: "estimated cost: what the operation can return ([Cost](#cost)); over it: `COST_LIMIT_EXCEEDED`",
    }),
    maxIntrospectionCost: limit({
      env: "MAX_INTROSPECTION_COST",
      read: integer(1),
      default: "500000",
      description: "estimated cost of its introspection (`__schema`, `__type`); over it: `INTROSPECTION_COST_LIMIT_EXCEEDED`",
    }),
    bodyLimitBytes: limit({
      env: "BODY_LIMIT_BYTES",
      read: integer(1),
      default: "102400",
      description: "request body, in bytes; over it: `PAYLOAD_TOO_LARGE` (413)",
    }),
    executionTimeoutMs: limit({
      env: "EXECUTION_TIMEOUT_MS",
      read: integer(1),
      default: "5000",
      description: "execution time, in milliseconds; over it: `EXECUTION_TIMEOUT` (504)",
    }),
  },
  // A hundred requests at the cost limit per minute per client, or about 8,300 of the README's
  // who-visited-whom query (301 points): far above what a person in Sandbox spends.
  rateLimit: {
    points: limit({
      env: "RATE_LIMIT_POINTS",
      read: integer(0),
      default: "2500000",
      description: "points per client per window ([Rate limit](#rate-limit); `0` turns it off); over it: `RATE_LIMITED` (429)",
    }),
    windowSeconds: limit({
      env: "RATE_LIMIT_WINDOW_SECONDS",
      read: integer(1),
      default: "60",
      description: "the rate limit's window, in seconds",
    }),
  },
  connections: {
    maxConnections: bound({
      env: "MAX_CONNECTIONS",
      read: integer(1),
      default: "10000",
      description: "connections open at once; over it: `TOO_MANY_CONNECTIONS` (503, `retry-after: 5`), then closed",
    }),
    headersTimeoutMs: bound({
      env: "HEADERS_TIMEOUT_MS",
      read: milliseconds(),
      default: "10000",
      description:
        "from a request's first byte (or a new connection) to the end of its headers, in ms; over it: `REQUEST_TIMEOUT` (408), then closed",
    }),
    requestTimeoutMs: bound({
      env: "REQUEST_TIMEOUT_MS",
      read: milliseconds(),
      default: "30000",
      description: "from a request's first byte to the end of its body, in ms; over it: `REQUEST_TIMEOUT` (408), then closed",
    }),
    keepAliveTimeoutMs: bound({
      env: "KEEP_ALIVE_TIMEOUT_MS",
      // At least a second: the Keep-Alive header tells clients the timeout in whole seconds.
      read: milliseconds(1000),
      default: "65000",
      description:
        "a kept-alive connection waiting for its next request, in ms (at least 1000); then closed (the `Keep-Alive` header says when)",
    }),
    idleTimeoutMs: bound({
      env: "IDLE_TIMEOUT_MS",
      read: milliseconds(),
      default: "30000",
      description: "a connection with nothing sent or received, in ms; then closed",
    }),
  },
};

type Values<S> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : Values<S[K]> };
/** The configuration: SETTINGS' shape, each setting read. */
export type Config = Values<typeof SETTINGS>;

function isSetting(value: unknown): value is Setting<unknown> {
  return typeof value === "object" && value !== null && "env" in value;
}

/** Every setting, in the table's order. */
export function allSettings(group: object = SETTINGS): Setting<unknown>[] {
  return Object.values(group).flatMap((value) => (isSetting(value) ? [value] : allSettings(value)));
}

/** Checks that involve two settings. */
function crossChecks(config: Config): string[] {
  const problems: string[] = [];
  if (config.includeStacktrace && !config.development)
    problems.push("INCLUDE_STACKTRACE: stack traces in responses are for development only: set NODE_ENV=development too");
  // Node refuses a headers timeout longer than the whole request's.
  if (config.connections.headersTimeoutMs > config.connections.requestTimeoutMs)
    problems.push("HEADERS_TIMEOUT_MS: must not be longer than REQUEST_TIMEOUT_MS, which includes the headers");
  return problems;
}

export class ConfigError extends Error {}

/** Reads every setting from `env` (its default when unset); all problems are reported at once, each naming its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = (group: object): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(group).map(([key, value]) => {
        if (!isSetting(value)) return [key, read(value)];
        const parsed = value.read.safeParse(env[value.env] ?? value.default);
        if (!parsed.success) for (const issue of parsed.error.issues) problems.push(`${value.env}: ${issue.message}`);
        return [key, parsed.data];
      }),
    );
  const config = read(SETTINGS) as Config;
  if (problems.length === 0) problems.push(...crossChecks(config));
  if (problems.length) throw new ConfigError(`invalid environment: ${problems.join("; ")}`);
  return config;
}

/** Every setting at its default. */
export const DEFAULTS: Config = loadConfig({});
