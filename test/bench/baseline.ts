/**
 * The app without its speed path (src/speed/): Apollo Server on its defaults (graphql-js, its
 * document store and per-field cache-control plugin, no response cache), over the same schema,
 * store and loaders. What `npm run bench` calls naive, and what the tests compare the served app with.
 */
import type { FastifyInstance } from "fastify";
import { assembleApp, type AppOptions } from "../../src/server";

export function createBaselineApp(options: AppOptions): Promise<FastifyInstance> {
  return assembleApp(options);
}
