/**
 * The speed path: everything that makes the served app faster than Apollo Server on its defaults,
 * and nothing else. server.ts calls `speedPath` once and builds Apollo Server with what it returns;
 * without it (the bench's baseline does so) the app answers the same, byte for byte, only slower.
 * test/fuzz/differential.test.ts holds every piece to graphql-js's answers.
 *
 * - the response cache (response-cache.ts) replays whole answers to repeated identical requests;
 * - prepared operations (prepared.ts) answer an operation Apollo has answered cleanly without
 *   Apollo's per-request pipeline;
 * - compiled execution (compiled.ts) runs an operation graphql-js has run cleanly as graphql-jit
 *   compiles it;
 * - the document store (document-store.ts, document-size.ts) keeps parsed documents, bounded by
 *   what they take in memory;
 * - one cache policy (cache-policy.ts) in place of Apollo's per-field cache-control plugin.
 *
 * Each piece but the cache policy has a setting that turns it off, so that a paired bench can tell
 * what each one buys.
 */
import type { ApolloServerOptions, ApolloServerPlugin, DocumentStore } from "@apollo/server";
import type { GatewayInterface } from "@apollo/server-gateway-interface";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { GraphQLSchema } from "graphql";
import type { Config } from "../config";
import { recordOf } from "../http/request-scope";
import type { ServedContext } from "../request/context";
import type { CostModel } from "../request/cost";
import type { Limits } from "../request/limits";
import type { CostRateLimit } from "../request/rate-limit";
import type { RequestRecord } from "../request/record";
import { fixedCachePolicy } from "./cache-policy";
import { CompiledExecution, type ExecutionObserver } from "./compiled";
import { createDocumentStore, createPersistedQueryCache } from "./document-store";
import { noteDocument, PreparedOperations } from "./prepared";
import { installResponseCache, spendOnReplay } from "./response-cache";

export type { Engine, ExecutionObserver } from "./compiled";

/** The settings of the speed path (config.ts). */
export type SpeedSettings = Pick<
  Config,
  "responseCacheBytes" | "preparedBytes" | "compiledBytes" | "documentStoreBytes" | "documentStoreSizing" | "cacheMaxAge"
>;

/** What the app gives the speed path. */
export interface SpeedGiven {
  app: FastifyInstance;
  /** The GraphQL route. */
  path: string;
  schema: GraphQLSchema;
  settings: SpeedSettings;
  limits: Limits;
  costs: CostModel;
  rateLimit: CostRateLimit | null;
  /** A new context for the request of `record`, as Apollo runs an operation with (new loaders each call). */
  contextOf: (record: RequestRecord) => ServedContext;
  /** Observes which engine ran each operation (the tests count them). */
  onExecution?: ExecutionObserver;
  /** Apollo's store of parsed documents, in place of the one `settings` describe; null keeps none. */
  documentStore?: DocumentStore | null;
}

/** What Apollo Server is built with in place of its defaults: its executor (or its schema), its stores, and plugins. */
export type SpeedOptions = Pick<ApolloServerOptions<ServedContext>, "documentStore" | "persistedQueries"> &
  ({ gateway: GatewayInterface } | { schema: GraphQLSchema }) & { plugins: ApolloServerPlugin<ServedContext>[] };

/** The seam: what `speedPath` is to server.ts, which builds the app with or without it. */
export type SpeedPath = (given: SpeedGiven) => SpeedOptions;

/**
 * Installs the speed path's hooks on `app` (after the app's own, so that the rate limit and the
 * landing page come first) and returns what Apollo Server is built with.
 */
export const speedPath: SpeedPath = (given) => {
  const { app, path, schema, settings, limits, costs, rateLimit, contextOf, onExecution } = given;
  // A run again on graphql-js gets a context with nothing of the first run in it: new loaders.
  const fresh = (context: object): object => {
    const record = (context as ServedContext).request;
    if (!record) throw new Error("a served context carries its request's record");
    return contextOf(record);
  };
  const compiled =
    settings.compiledBytes > 0
      ? new CompiledExecution(schema, fresh, {
          maxBytes: settings.compiledBytes,
          onExecution,
          checkDeadline: (context) => (context as ServedContext).loaders.checkDeadline(),
          variablesRefused: (context) => (context as ServedContext).request?.variablesRefused === true,
          ...(settings.preparedBytes > 0 ? { onRun: noteDocument } : {}),
        })
      : null;

  installResponseCache(app, {
    path,
    maxBytes: settings.responseCacheBytes,
    ...(rateLimit ? { spend: spendOnReplay(rateLimit) } : {}),
  });
  if (compiled && settings.preparedBytes > 0) {
    const contextFor = (request: FastifyRequest) => contextOf(recordOf(request));
    new PreparedOperations({ path, compiled, costs, limits, rateLimit, contextFor, onExecution, maxBytes: settings.preparedBytes }).install(
      app,
    );
  }

  const documentStore =
    given.documentStore !== undefined
      ? given.documentStore
      : settings.documentStoreSizing === "measured"
        ? createDocumentStore(settings.documentStoreBytes)
        : undefined;
  return {
    ...(compiled ? { gateway: compiled.gateway() } : { schema }),
    ...(documentStore !== undefined ? { documentStore } : {}),
    ...(settings.documentStoreSizing === "measured" ? { persistedQueries: { cache: createPersistedQueryCache() } } : {}),
    plugins: fixedCachePolicy(settings.cacheMaxAge),
  };
};
