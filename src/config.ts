/**
 * Every setting, once: its environment variable, how its text is read, its default (written as it
 * would be in the environment) and what it means. Modules take their defaults from here, and the
 * documentation's tables of settings are made from it (`npm run docs`; a test checks they match).
 * Nothing here imports the engine, so reading the configuration stays cheap.
 */
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/** The documentation tables settings are listed in. */
export const SECTIONS = ["server", "limits", "connections"] as const;
export type Section = (typeof SECTIONS)[number];

export interface Setting<T> {
  env: string;
  section: Section;
  /** Reads the variable's text. */
  read: z.ZodType<T, string>;
  /** The default, as it would be written in the environment. */
  default: string;
  /** The default as the documentation shows it, where the text itself would not say (a path of this checkout). */
  shownDefault?: string;
  /** What it means, for the documentation (Markdown, one line). */
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

/**
 * Fastify's `trustProxy`, less `true`: no proxy, how many proxies stand in front (a hop count), or
 * the proxies' addresses and ranges. `true` takes the leftmost X-Forwarded-For address, which the
 * client writes itself, so every client could name itself anyone and never run out of budget.
 */
export type TrustProxy = false | number | string[];

/** Names proxy-addr (Fastify's) gives ranges of addresses. */
const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** Whether `entry` is an IP address, a CIDR range (`10.0.0.0/8`) or one of NAMED_RANGES. */
function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const version = isIP(address ?? "");
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = parseDecimal(prefix);
  return bits !== null && bits <= (version === 4 ? 32 : 128);
}

/** TRUST_PROXY: "false", a hop count, or a comma-separated list of proxy addresses and CIDRs; "true" is refused (see TrustProxy). */
const trustProxy = () =>
  z.string().transform((text, ctx): TrustProxy => {
    const value = text.trim();
    if (value === "false" || value === "") return false;
    if (value === "true") {
      ctx.addIssue({
        code: "custom",
        message:
          "`true` trusts every X-Forwarded-For address, which clients write themselves: any client could name itself anyone and escape the rate limit. " +
          "Give the proxies' addresses or CIDRs (e.g. `10.0.0.0/8,127.0.0.1`), or how many proxies stand in front (e.g. `1`)",
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = parseDecimal(value);
      if (hops !== null && hops >= 1 && hops <= 100) return hops;
      ctx.addIssue({
        code: "custom",
        message: `a hop count is a whole number from 1 to 100 (\`false\` for no proxy), got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    const entries = value.split(",").map((part) => part.trim());
    const wrong = entries.filter((entry) => !isProxyAddress(entry));
    if (wrong.length === 0) return entries;
    ctx.addIssue({
      code: "custom",
      message: `not an IP address, a CIDR range or one of ${[...NAMED_RANGES].join(", ")}: ${wrong.map((w) => JSON.stringify(w.slice(0, 50))).join(", ")}`,
    });
    return z.NEVER;
  });

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
      "interface to listen on (`localhost` is the first address it resolves to, not each of them: every socket the server listens on has the bounds of [Security and limits](security.md))",
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
  fixtureMaxBytes: server({
    env: "FIXTURE_MAX_MB",
    read: integer(1, 4096).transform((mb) => mb * MIB),
    default: "32",
    description: "largest fixture file, in whole MiB (each JSON file and each source text): a larger one is refused before it is read",
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
    // Repeated traffic is a few queries; more room only raises the RSS floods leave behind (docs/operations.md).
    default: "16",
    description:
      "whole MiB for answers to repeated identical requests; `0` turns the response cache off (see [Performance](performance.md))",
  }),
  preparedBytes: server({
    env: "PREPARED_MB",
    read: mebibytes(),
    default: "8",
    description:
      "whole MiB for operations answered without Apollo's per-request pipeline once Apollo has answered them cleanly; `0` sends every request through Apollo (see [Performance](performance.md))",
  }),
  compiledBytes: server({
    env: "COMPILED_MB",
    read: mebibytes(),
    default: "16",
    description:
      "whole MiB for operations compiled to JavaScript (graphql-jit) once graphql-js has run them without errors; `0` runs every operation on graphql-js, and turns prepared operations off with it (see [Performance](performance.md))",
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
      "whole MiB for parsed and validated documents (Apollo's document store), by their measured size; `0` parses and validates every request (see [Performance](performance.md))",
  }),
  documentStoreSizing: server({
    env: "DOCUMENT_STORE_SIZING",
    read: z.enum(["measured", "apollo"]),
    default: "measured",
    description:
      "`measured` bounds the document store and the persisted queries by what they take in memory (`DOCUMENT_STORE_MB`); `apollo` keeps Apollo Server's own stores, which count a document by its JSON alone (see [Performance](performance.md))",
  }),
  federationTraces: server({
    env: "FEDERATION_TRACES",
    read: flag(),
    default: "false",
    description: "`true` gives federated (`ftv1`) field traces to whoever asks for them (see [Federation](federation.md))",
  }),
  trustProxy: server({
    env: "TRUST_PROXY",
    read: trustProxy(),
    default: "false",
    description:
      "behind proxies: their addresses and CIDRs (comma-separated; `loopback`, `linklocal` and `uniquelocal` name ranges) or how many stand in front (a hop count), so that clients are told apart by `X-Forwarded-For` (Fastify's `trustProxy`); `true` is refused ([Behind a proxy](security.md#behind-a-proxy))",
  }),
  redisUrl: server({
    env: "REDIS_URL",
    read: z.string().transform((text, ctx) => {
      if (text === "") return null;
      if (URL.canParse(text) && /^rediss?:$/.test(new URL(text).protocol)) return text;
      ctx.addIssue({ code: "custom", message: `must be a redis:// or rediss:// URL, got ${JSON.stringify(text.slice(0, 30))}` });
      return z.NEVER;
    }),
    default: "",
    shownDefault: "none",
    description:
      "replicas: the Redis (`redis://[:password@]host:port[/db]`, or `rediss://` for TLS) in which they keep one [rate limit](security.md#rate-limit) per client between them; unset, each process counts on its own. While it cannot be reached, each process counts on its own and logs it once (see [Replicas](replicas.md))",
  }),
  // Capped so that V8 collects before RSS grows: uncapped, it lets garbage pile up to gigabytes under
  // floods of distinct documents. What the server keeps is bounded well below this (RESPONSE_CACHE_MB,
  // DOCUMENT_STORE_MB, PREPARED_MB, the facts), with room for large answers being made at once
  // (docs/operations.md says what the soak measured under it).
  heapMb: server({
    env: "HEAP_MB",
    read: integer(0, 65536),
    default: "256",
    description:
      "V8's old-generation heap cap, in MiB (`--max-old-space-size`), which `npm start` and the build's start-up snapshot are made with; `0` leaves V8's own (see [Operations](operations.md#the-heap-cap))",
  }),
  // The old-generation cap leaves the young generation alone: V8 grows it to three times its
  // semi-space whatever HEAP_MB says, and its two semi-spaces stay resident. The server's garbage
  // is a request's, dead long before a smaller one fills.
  heapSemiSpaceMb: server({
    env: "HEAP_SEMI_SPACE_MB",
    read: integer(0, 1024),
    default: "4",
    description:
      "V8's young-generation semi-space cap, in MiB (`--max-semi-space-size`; the young generation takes up to three of them), made into `npm start` and the snapshot as `HEAP_MB` is; `0` leaves V8's own, 16 on 64-bit machines (see [Operations](operations.md#the-heap-cap))",
  }),
  drainDelayMs: server({
    env: "DRAIN_DELAY_MS",
    read: integer(0, 86_400_000),
    default: "0",
    description:
      "on `SIGTERM`/`SIGINT`, how long the server keeps accepting while `/ready` answers 503, so that load balancers take it out first, in ms",
  }),
  drainTimeoutMs: server({
    env: "DRAIN_TIMEOUT_MS",
    read: milliseconds(),
    default: "10000",
    description: "then, how long requests in flight get to finish and be written whole before their connections are cut (exit 1), in ms",
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
      description:
        "estimated cost: what the operation can return ([What a query costs](#what-a-query-costs)); over it: `COST_LIMIT_EXCEEDED`",
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
      description:
        "time from a request's arrival to the end of its execution (parsing, validation, the cost estimate, compiling and executing), in milliseconds; over it: `EXECUTION_TIMEOUT` (504)",
    }),
    // Checked before anything walks the variables (the cost estimate, coercion): a GET's variables
    // have no body limit, and a deep JSON value would overflow the stack of whatever walks it.
    maxVariablesLength: limit({
      env: "MAX_VARIABLES_LENGTH",
      read: integer(2),
      default: "102400",
      description: "characters of a request's variables written as compact JSON; over it: `BAD_USER_INPUT` naming the variable",
    }),
    maxVariableDepth: limit({
      env: "MAX_VARIABLE_DEPTH",
      read: integer(1),
      default: "16",
      description: "lists and objects nested in one variable's value; over it: `BAD_USER_INPUT` naming the variable",
    }),
    maxVariableListLength: limit({
      env: "MAX_VARIABLE_LIST_LENGTH",
      read: integer(1),
      default: "10000",
      description: "items of any list in a variable's value; over it: `BAD_USER_INPUT` naming the variable",
    }),
  },
  // A hundred requests at the cost limit per minute per client: far above what a person in Sandbox
  // spends (docs/security.md, Rate limit).
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
    // A refused request pays too, or a client that sends only refused requests is never slowed. A
    // millisecond of the server's work on it costs what the costliest served millisecond does (the
    // example queries spend about 1,000 to 15,000 points a millisecond), and the floor a millisecond:
    // so little of the server's time a window is left to a client sending only refusals that the
    // others barely see it (npm run soak, its refused phase), while a person's mistake costs a
    // percent of the budget.
    refusedPoints: limit({
      env: "RATE_LIMIT_REFUSED_POINTS",
      read: integer(0),
      default: "10000",
      description:
        "points a refused request spends at least (parse, validation, variables, limits), before its share of the server's time ([Rate limit](#rate-limit))",
    }),
    refusedPointsPerMs: limit({
      env: "RATE_LIMIT_REFUSED_POINTS_PER_MS",
      read: integer(0),
      default: "10000",
      description:
        "points a refused request spends per millisecond of the server's work on it (from its whole request received, never while its body uploads, to its answer), on top of `RATE_LIMIT_REFUSED_POINTS`",
    }),
    refusalDelayMs: limit({
      env: "RATE_LIMIT_REFUSAL_DELAY_MS",
      read: integer(0),
      default: "1000",
      description: "how long a client out of points waits for its 429, in ms (at most until its window starts again; `0` answers at once)",
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

/** One setting from `env`, for a script that needs only it (the build reads HEAP_MB so). */
export function readSetting<T>(setting: Setting<T>, env: NodeJS.ProcessEnv = process.env): T {
  const parsed = setting.read.safeParse(env[setting.env] ?? setting.default);
  if (parsed.success) return parsed.data;
  throw new ConfigError(`invalid environment: ${parsed.error.issues.map((issue) => `${setting.env}: ${issue.message}`).join("; ")}`);
}

/** Every setting at its default. */
export const DEFAULTS: Config = loadConfig({});
