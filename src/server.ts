/**
 * The HTTP app: Fastify serving Apollo Server at /graphql, plus /health, the landing page and the schema files.
 * No process concerns (ports, signals, exit codes): tests build it directly.
 */
import { ApolloServer, type DocumentStore } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import cors from "@fastify/cors";
import Fastify, { type FastifyInstance } from "fastify";
import type { GraphQLSchema } from "graphql";
import type { DestinationStream } from "pino";
import { createContext, type Context } from "./context";
import type { FactStore } from "./facts/store";
import { DEFAULT_LIMITS, limitValidationRules, type Limits } from "./graph/limits";
import { KnownOperationTypesRule } from "./graph/rules";
import { buildGraphSchema } from "./graph/schema";
import { admissionPlugin, responsePlugin } from "./http/apollo-plugins";
import { DEFAULT_CACHE_MAX_AGE, fixedCachePolicy } from "./http/cache-policy";
import { boundedServerFactory, clientErrorHandler, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "./http/connections";
import { createDocumentStore, createPersistedQueryCache, DEFAULT_DOCUMENT_STORE_BYTES } from "./http/document-store";
import { createFormatError, registerHttpErrors } from "./http/errors";
import { installLandingPage } from "./http/landing-page";
import { refuseForeignCharsets, varyOnAccept } from "./http/media-types";
import { answerOtherMethods, GRAPHQL_METHODS } from "./http/methods";
import { lazyChildLogger, recordOf, RequestLog, requestIdOf } from "./http/request-scope";
import { installRateLimit, spendOnReplay } from "./http/rate-limit";
import { DEFAULT_RESPONSE_CACHE_BYTES, installResponseCache } from "./http/response-cache";
import { CostModel } from "./request/cost";
import { CostRateLimit, DEFAULT_RATE_LIMIT, type RateLimitOptions } from "./request/rate-limit";
import type { BatchObserver } from "./loaders";

export interface AppOptions {
  store: FactStore;
  schema?: GraphQLSchema;
  /** pino options or false; defaults to JSON logs at "info". */
  logger?: boolean | { level: string; transport?: { target: string }; stream?: DestinationStream };
  /** Observes every DataLoader batch (tests count them). */
  onBatch?: BatchObserver;
  /** Request limits; each one not given is its default (README: Security and limits). */
  limits?: Partial<Limits>;
  /** Connection limits and timeouts (src/http/connections.ts); each one not given is its default. */
  connections?: Partial<ConnectionLimits>;
  /** Federated (ftv1) traces for a router that asks for them; off by default, since anyone may ask. */
  federationTraces?: boolean;
  /** Development: field suggestions stay in error messages. */
  development?: boolean;
  /** Development only: unmasked messages and stack traces in error responses. */
  includeStacktrace?: boolean;
  /** Bytes the response cache may hold (src/http/response-cache.ts); 0 turns it off. Default 32 MiB. */
  responseCacheBytes?: number;
  /** Seconds an answer without errors may be cached by clients and CDNs (src/http/cache-policy.ts). Default 300. */
  cacheMaxAge?: number;
  /** Per-client rate limit by cost (src/request/rate-limit.ts); `points: 0` turns it off. */
  rateLimit?: RateLimitOptions;
  /** Fastify's `trustProxy`: whose X-Forwarded-For names the client. Default: none. */
  trustProxy?: boolean | string[];
  /** Apollo's store of parsed documents; null keeps none. Default: 16 MiB by real size (src/http/document-store.ts). */
  documentStore?: DocumentStore | null;
  /**
   * Apollo Server's defaults alone: Apollo's per-field cache-control plugin, no response cache.
   * The naive baseline `npm run bench` compares the served path against.
   */
  naive?: boolean;
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const connections: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connections };
  const includeStacktrace = options.includeStacktrace ?? false;
  const app: FastifyInstance = Fastify({
    serverFactory: boundedServerFactory(connections, () => app.log),
    clientErrorHandler: clientErrorHandler(connections),
    logger: options.logger ?? { level: "info" },
    genReqId: (req) => requestIdOf(req.headers["x-request-id"]),
    requestIdHeader: false,
    // One line per request, with the GraphQL operation and outcome.
    logController: new RequestLog(),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: limits.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
  });
  // First of all hooks, so that every answer names its request, however early it is refused.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  registerHttpErrors(app);
  refuseForeignCharsets(app);
  varyOnAccept(app, "/graphql");

  const schema = options.schema ?? buildGraphSchema();
  const rateLimitOptions = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const rateLimit = rateLimitOptions.points > 0 ? new CostRateLimit(rateLimitOptions) : null;
  const apollo = new ApolloServer<Context>({
    schema,
    // Parsed documents and persisted queries, bounded by what they really take (http/document-store.ts); the naive baseline keeps Apollo's defaults.
    ...(options.naive
      ? {}
      : {
          documentStore: options.documentStore === undefined ? createDocumentStore(DEFAULT_DOCUMENT_STORE_BYTES) : options.documentStore,
          persistedQueries: { cache: createPersistedQueryCache() },
        }),
    logger: app.log,
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: includeStacktrace,
    formatError: createFormatError({ includeStacktrace, hideSuggestions: !options.development, log: app.log, maxTokens: limits.maxTokens }),
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [KnownOperationTypesRule, ...limitValidationRules(limits)],
    plugins: [
      fastifyApolloDrainPlugin(app),
      // The page browsers get is http/landing-page.ts, which knows the request.
      ApolloServerPluginLandingPageDisabled(),
      options.federationTraces ? ApolloServerPluginInlineTrace() : ApolloServerPluginInlineTraceDisabled(),
      admissionPlugin(limits, new CostModel(schema), rateLimit),
      responsePlugin(),
      ...(options.naive ? [] : fixedCachePolicy(options.cacheMaxAge ?? DEFAULT_CACHE_MAX_AGE)),
    ],
  });
  await apollo.start();

  answerOtherMethods(app, "/graphql");
  // Browsers let a page read only the answer headers CORS exposes. Not strict: a plain OPTIONS
  // (no Origin) is answered like a preflight, with `Allow`, instead of a 400 in plain text.
  await app.register(cors, {
    origin: "*",
    methods: [...GRAPHQL_METHODS],
    strictPreflight: false,
    exposedHeaders: ["x-request-id", "ratelimit", "ratelimit-policy", "retry-after"],
  });

  app.get("/health", async () => ({ status: "ok" }));

  installLandingPage(app, { schema, maxAge: options.cacheMaxAge ?? DEFAULT_CACHE_MAX_AGE });
  if (rateLimit) installRateLimit(app, rateLimit, "/graphql");
  if (!options.naive) {
    installResponseCache(app, {
      path: "/graphql",
      maxBytes: options.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES,
      ...(rateLimit ? { spend: spendOnReplay(rateLimit) } : {}),
    });
  }
  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    method: [...GRAPHQL_METHODS],
    context: async (request) => {
      const context = createContext(options.store, String(request.id), options.onBatch, {
        at: Date.now() + limits.executionTimeoutMs,
        timeoutMs: limits.executionTimeoutMs,
      });
      context.request = recordOf(request);
      return context;
    },
  });

  return app;
}
