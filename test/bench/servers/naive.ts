/**
 * The naive version of this project: the same schema, store and loaders on
 * Apollo Server's defaults alone (graphql-js, Apollo's per-field cache-control
 * plugin, no response cache): the app without its speed path (../baseline.ts).
 * Changes to the schema and resolvers themselves apply here too.
 */
import "reflect-metadata";
import { loadFacts } from "../../../src/facts/load";
import { createBaselineApp } from "../baseline";
import { FIXTURES_DIR, HOST, PORT } from "./env";

async function main() {
  const app = await createBaselineApp({ store: loadFacts(FIXTURES_DIR), logger: false, rateLimit: { points: 0, windowSeconds: 60 } });
  await app.listen({ port: PORT, host: HOST });
}

void main();
