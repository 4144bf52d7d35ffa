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
import { buildGraphSchema } from "./graph/schema";
import type { BatchObserver } from "./loaders";
import { SANDBOX_DOCUMENT } from "./sandbox";

export interface AppOptions {
  store: FactStore;
  schema?: GraphQLSchema;
  /** pino options or false; defaults to JSON logs at "info". */
  logger?: boolean | { level: string; transport?: { target: string } };
  /** Observes every DataLoader batch (tests count them). */
  onBatch?: BatchObserver;
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: "info" },
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
  });

  const apollo = new ApolloServer<Context>({
    schema: options.schema ?? buildGraphSchema(),
    logger: app.log,
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, document: SANDBOX_DOCUMENT }),
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
    context: async (request) => createContext(options.store, String(request.id), options.onBatch),
  });

  return app;
}
