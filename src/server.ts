/**
 * The HTTP app: Fastify serving Apollo Server at /graphql, plus /health, the landing page and the schema files.
 * No process concerns (ports, signals, exit codes): tests build it directly.
 */
import path from "node:path";
import { ApolloServer, type DocumentStore } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import cors from "@fastify/cors";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { GraphQLSchema } from "graphql";
import type { DestinationStream } from "pino";
import { type Config, DEFAULTS, type TrustProxy } from "./config";
import { createContext } from "./context";
import type { FactStore } from "./facts/store";
import { limitValidationRules, type Limits } from "./request/limits";
import { KnownOperationTypesRule } from "./request/rules";
import { buildGraphSchema } from "./graph/assembly/schema";
import { admissionPlugin, responsePlugin } from "./request/apollo-plugins";
import { boundedServerFactory, clientErrorHandler, type ConnectionLimits } from "./http/connections";
import { createFormatError, registerHttpErrors } from "./http/errors";
import { installLandingPage } from "./http/landing-page";
import { Lifecycle } from "./http/lifecycle";
import { refuseForeignCharsets, varyOnAccept } from "./http/media-types";
import { answerOtherMethods, GRAPHQL_METHODS } from "./http/methods";
import { recordOf, RequestLog, requestIdOf } from "./http/request-scope";
import { installRateLimit } from "./http/rate-limit";
import type { ServedContext } from "./request/context";
import type { RequestRecord } from "./request/record";
import { CostModel } from "./request/cost";
import { CostRateLimit } from "./request/rate-limit";
import { sharedRateLimit } from "./request/shared-rate-limit";
import type { BatchObserver } from "./loaders";
import { speedPath, type ExecutionObserver, type SpeedPath } from "./speed";

/** A public, read-only API: its schema is no secret, and tools and people read it. */
const INTROSPECTION = true;

/** The settings the app serves with (config.ts); the process's own (port, host, fixtures, log level) stay in main.ts. */
type Settings = Omit<
  Config,
  "port" | "host" | "fixturesDir" | "fixtureMaxBytes" | "logLevel" | "heapMb" | "heapSemiSpaceMb" | "drainDelayMs" | "drainTimeoutMs"
>;

export interface AppOptions extends Partial<Omit<Settings, "limits" | "connections" | "rateLimit">> {
  store: FactStore;
  schema?: GraphQLSchema;
  /** pino options or false; defaults to JSON logs at "info". */
  logger?: boolean | { level: string; transport?: { target: string }; stream?: DestinationStream };
  /** Observes every DataLoader batch (metrics; the tests count batches per request). */
  onBatch?: BatchObserver;
  /** Observes which engine ran each operation (speed/compiled.ts; the differential test counts them). */
  onExecution?: ExecutionObserver;
  /** Request limits; each one not given is its default. */
  limits?: Partial<Limits>;
  /** The rate limit; each setting not given is its default. */
  rateLimit?: Partial<Settings["rateLimit"]>;
  /** Connection limits and timeouts; each one not given is its default. */
  connections?: Partial<ConnectionLimits>;
  /** Apollo's store of parsed documents, in place of the speed path's (`documentStoreBytes`); null keeps none. */
  documentStore?: DocumentStore | null;
}

/** The served app: Apollo Server behind the speed path (speed/). */
export function createApp(options: AppOptions): Promise<FastifyInstance> {
  return assembleApp(options, speedPath);
}

/**
 * The app, with `speed` in front of Apollo Server; without it, Apollo Server on its defaults (its
 * executor, document store and per-field cache-control plugin), which answers the same, slower.
 */
export async function assembleApp(options: AppOptions, speed?: SpeedPath): Promise<FastifyInstance> {
  const {
    store,
    schema: givenSchema,
    logger,
    onBatch,
    onExecution,
    documentStore,
    limits: givenLimits,
    connections: givenConnections,
    rateLimit: givenRateLimit,
    ...given
  } = options;
  const settings: Settings = {
    ...DEFAULTS,
    ...definedOf(given),
    limits: { ...DEFAULTS.limits, ...givenLimits },
    rateLimit: { ...DEFAULTS.rateLimit, ...givenRateLimit },
    connections: { ...DEFAULTS.connections, ...givenConnections },
  };
  const { limits, connections, includeStacktrace } = settings;
  // At `silent` no logger at all: pino writes nothing at that level, yet Fastify would still make
  // it a child logger per request (docs/performance.md).
  const logging = logger === false || (typeof logger === "object" && logger.level === "silent") ? false : (logger ?? { level: "info" });
  const lifecycle = new Lifecycle();
  const app: FastifyInstance = Fastify({
    serverFactory: boundedServerFactory(connections, () => app.log, lifecycle),
    // While draining, a request that arrives on a connection already open is answered (with
    // `connection: close`), not refused: the replica can still serve it (http/lifecycle.ts).
    return503OnClosing: false,
    clientErrorHandler: clientErrorHandler(connections),
    logger: logging,
    genReqId: (req) => requestIdOf(req.headers["x-request-id"]),
    requestIdHeader: false,
    // One line per request, with the GraphQL operation and outcome; none without a logger.
    logController: logging ? new RequestLog() : new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.bodyLimitBytes,
    trustProxy: fastifyTrustProxy(settings.trustProxy),
  });
  // Fastify runs the hooks of one phase in the order they are added, and these depend on it:
  // - onRequest: the request id header first, so every answer names its request, however early it is refused;
  // - onRequest: the rate limit refuses a client out of points before its body is read, and so before
  //   the speed path can answer it (a browser's landing page is never refused);
  // - preHandler: a browser's landing page before the speed path's (it is never cached);
  // - onSend: the error shapes (http/errors.ts) settle the status before the response cache decides to keep an answer.
  // So the speed path installs its hooks last, just before the GraphQL route.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    // A request's time runs from its arrival: everything done for it counts (`contextOf` below).
    if (request.routeOptions.url === "/graphql") {
      recordOf(request).deadline = { at: Date.now() + limits.executionTimeoutMs, timeoutMs: limits.executionTimeoutMs };
    }
    done();
  });
  registerHttpErrors(app);
  app.decorate("lifecycle", lifecycle);
  lifecycle.install(app);
  refuseForeignCharsets(app);
  varyOnAccept(app, "/graphql");

  const schema = givenSchema ?? buildGraphSchema();
  const costs = new CostModel(schema);
  // What Apollo runs an operation with, and what the speed path runs one with. One deadline per
  // request, from its arrival (the onRequest hook above): a run Apollo answers again gets no more time.
  const contextOf = (record: RequestRecord): ServedContext => {
    record.deadline ??= { at: Date.now() + limits.executionTimeoutMs, timeoutMs: limits.executionTimeoutMs };
    const context: ServedContext = createContext(store, record.id, onBatch, record.deadline);
    context.request = record;
    return context;
  };
  const rateLimit = settings.rateLimit.points > 0 ? costRateLimit(app, settings) : null;

  answerOtherMethods(app, "/graphql");
  // Browsers let a page read only the answer headers CORS exposes. Not strict: a plain OPTIONS
  // (no Origin) is answered like a preflight, with `Allow`, instead of a 400 in plain text.
  await app.register(cors, {
    origin: "*",
    methods: [...GRAPHQL_METHODS],
    strictPreflight: false,
    // One string: the plugin joins a list on every request.
    exposedHeaders: "x-request-id, ratelimit, ratelimit-policy, retry-after",
  });

  // The checkout this module runs from (src/ or dist/ under it), whose README the page links to.
  installLandingPage(app, { schema, maxAge: settings.cacheMaxAge, root: path.resolve(__dirname, "..") });
  if (rateLimit) installRateLimit(app, rateLimit, "/graphql");
  const fast = speed
    ? speed({ app, path: "/graphql", schema, settings, limits, costs, rateLimit, contextOf, onExecution, documentStore })
    : { schema, plugins: [] };

  const apollo = new ApolloServer<ServedContext>({
    ...fast,
    logger: app.log,
    // The process stops on signals through its own drain (main.ts), not Apollo's.
    stopOnTerminationSignals: false,
    introspection: INTROSPECTION,
    // Off: a public, read-only API (no mutations, no cookies or credentials read, CORS `*`), so a
    // forged cross-site request can do nothing a plain fetch from any page couldn't. Its check
    // refused urql's default GETs, whose only header is a CORS-safelisted `accept` (docs/security.md).
    csrfPrevention: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: includeStacktrace,
    formatError: createFormatError({
      includeStacktrace,
      // What introspection shows anyone, suggestions show the one who asked.
      hideSuggestions: !INTROSPECTION,
      schema,
      log: app.log,
      maxTokens: limits.maxTokens,
    }),
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [KnownOperationTypesRule, ...limitValidationRules(limits)],
    plugins: [
      fastifyApolloDrainPlugin(app),
      // The page browsers get is http/landing-page.ts, which knows the request.
      ApolloServerPluginLandingPageDisabled(),
      settings.federationTraces ? ApolloServerPluginInlineTrace() : ApolloServerPluginInlineTraceDisabled(),
      admissionPlugin(limits, costs, rateLimit),
      responsePlugin(),
      ...fast.plugins,
    ],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    method: [...GRAPHQL_METHODS],
    context: async (request) => contextOf(recordOf(request)),
  });

  return app;
}

/** The rate limit: shared by the replicas through Redis with REDIS_URL, else this process's own. */
function costRateLimit(app: FastifyInstance, settings: Settings): CostRateLimit {
  if (!settings.redisUrl) return new CostRateLimit(settings.rateLimit);
  const shared = sharedRateLimit(settings.rateLimit, settings.redisUrl, app.log);
  app.addHook("onClose", (_app, done) => {
    shared.close();
    done();
  });
  return shared.rateLimit;
}

/** `options` without its undefined values, so that they do not hide defaults. */
function definedOf<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * TRUST_PROXY as Fastify takes it. Fastify reads a bare hop count as "trust no one" (it cannot tell
 * a proxy from a client that connects directly), so a count is given as the function it stands
 * for: the first `hops` addresses back from the connection are proxies, the next is the client.
 */
function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== "number") return trust;
  return (_address, hop) => hop < trust;
}
