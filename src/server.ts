/**
 * The HTTP app: Fastify serving Apollo Server at /graphql, plus /health.
 * No process concerns (ports, signals, exit codes): tests build it directly.
 */
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import cors from "@fastify/cors";
import Fastify, { type FastifyInstance } from "fastify";
import type { GraphQLSchema } from "graphql";
import { randomUUID } from "node:crypto";
import { createContext, type Context } from "./context";
import type { FactStore } from "./facts/store";
import { DEFAULT_LIMITS, limitValidationRules, type Limits } from "./graph/limits";
import { KnownOperationTypesRule } from "./graph/rules";
import { buildGraphSchema } from "./graph/schema";
import { costLimitPlugin, responsePlugin } from "./http/apollo-plugins";
import { createFormatError, registerHttpErrors } from "./http/errors";
import { registerRequestScope, RequestLog } from "./http/request-scope";
import type { BatchObserver } from "./loaders";
import { SANDBOX_DOCUMENT } from "./sandbox";

export interface AppOptions {
  store: FactStore;
  schema?: GraphQLSchema;
  /** pino options or false; defaults to JSON logs at "info". */
  logger?: boolean | { level: string; transport?: { target: string }; stream?: NodeJS.WritableStream };
  /** Observes every DataLoader batch (tests count them). */
  onBatch?: BatchObserver;
  /** Request limits; each one not given is its default (README: Security and limits). */
  limits?: Partial<Limits>;
  /** Development: field suggestions stay in error messages. */
  development?: boolean;
  /** Development only: unmasked messages and stack traces in error responses. */
  includeStacktrace?: boolean;
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
    bodyLimit: limits.bodyLimitBytes,
  });
  registerRequestScope(app);
  registerHttpErrors(app);

  const apollo = new ApolloServer<Context>({
    schema: options.schema ?? buildGraphSchema(),
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
    ],
  });
  await apollo.start();

  await app.register(cors, { origin: "*", methods: ["GET", "POST", "OPTIONS"] });
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  app.get("/health", async () => ({ status: "ok" }));

  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    context: async (request) =>
      createContext(options.store, String(request.id), options.onBatch, { at: Date.now() + limits.executionTimeoutMs, timeoutMs: limits.executionTimeoutMs }),
  });

  return app;
}
