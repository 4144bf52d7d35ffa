/**
 * The HTTP app: Fastify serving Apollo Server at /graphql, plus /health.
 * No process concerns (ports, signals, exit codes): tests build it directly.
 */
import { ApolloServer, type DocumentStore } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import cors from "@fastify/cors";
import Fastify, { type FastifyInstance } from "fastify";
import type { GraphQLSchema } from "graphql";
import type { DestinationStream } from "pino";
import { randomUUID } from "node:crypto";
import { createContext, type Context } from "./context";
import type { FactStore } from "./facts/store";
import { CompiledExecution } from "./graph/compiled";
import { DEFAULT_LIMITS, limitValidationRules, type Limits } from "./graph/limits";
import { KnownOperationTypesRule } from "./graph/rules";
import { buildGraphSchema } from "./graph/schema";
import { costLimitPlugin, responsePlugin } from "./http/apollo-plugins";
import { DEFAULT_CACHE_MAX_AGE, fixedCachePolicy } from "./http/cache-policy";
import { createDocumentStore, createPersistedQueryCache, DEFAULT_DOCUMENT_STORE_BYTES } from "./http/document-store";
import { createFormatError, registerHttpErrors } from "./http/errors";
import { lazyChildLogger, recordOf, RequestLog } from "./http/request-scope";
import { DEFAULT_RESPONSE_CACHE_BYTES, installResponseCache } from "./http/response-cache";
import type { BatchObserver } from "./loaders";
import { SANDBOX_DOCUMENT } from "./sandbox";

export interface AppOptions {
  store: FactStore;
  schema?: GraphQLSchema;
  /** pino options or false; defaults to JSON logs at "info". */
  logger?: boolean | { level: string; transport?: { target: string }; stream?: DestinationStream };
  /** Observes every DataLoader batch (tests count them). */
  onBatch?: BatchObserver;
  /** Request limits; each one not given is its default (README: Security and limits). */
  limits?: Partial<Limits>;
  /** Development: field suggestions stay in error messages. */
  development?: boolean;
  /** Development only: unmasked messages and stack traces in error responses. */
  includeStacktrace?: boolean;
  /** Bytes the response cache may hold (src/http/response-cache.ts); 0 turns it off. Default 32 MiB. */
  responseCacheBytes?: number;
  /** Seconds an answer without errors may be cached by clients and CDNs (src/http/cache-policy.ts). Default 300. */
  cacheMaxAge?: number;
  /** Apollo's store of parsed documents; null keeps none. Default: 16 MiB by real size (src/http/document-store.ts). */
  documentStore?: DocumentStore | null;
  /**
   * Apollo Server's defaults alone: graphql-js execution, Apollo's per-field cache-control plugin,
   * no response cache. The naive baseline `npm run bench` compares the served path against.
   */
  naive?: boolean;
  /** Runs of a document on graphql-js before it is compiled (src/graph/compiled.ts); tests use 0. */
  compileAfter?: number;
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const includeStacktrace = options.includeStacktrace ?? false;
  const app = Fastify({
    logger: options.logger ?? { level: "info" },
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // One line per request, with the GraphQL operation and outcome.
    logController: new RequestLog(),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: limits.bodyLimitBytes,
  });
  // First of all hooks, so that every answer names its request, however early it is refused.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  registerHttpErrors(app);

  const schema = options.schema ?? buildGraphSchema();
  const apollo = new ApolloServer<Context>({
    // The fast path: compiled execution (graphql/compiled.ts) and one cache policy (http/cache-policy.ts).
    ...(options.naive ? { schema } : { gateway: new CompiledExecution(schema, options.compileAfter).gateway() }),
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
    formatError: createFormatError({ includeStacktrace, hideSuggestions: !options.development, log: app.log }),
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [KnownOperationTypesRule, ...limitValidationRules(limits)],
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, document: SANDBOX_DOCUMENT }),
      costLimitPlugin(limits),
      responsePlugin(),
      ...(options.naive ? [] : fixedCachePolicy(options.cacheMaxAge ?? DEFAULT_CACHE_MAX_AGE)),
    ],
  });
  await apollo.start();

  await app.register(cors, { origin: "*", methods: ["GET", "POST", "OPTIONS"] });

  app.get("/health", async () => ({ status: "ok" }));

  if (!options.naive) installResponseCache(app, { path: "/graphql", maxBytes: options.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES });
  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
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
