/**
 * The naive version of this project: the same schema, store and loaders on
 * Apollo Server's defaults alone (graphql-js, Apollo's per-field cache-control
 * plugin, no response cache), as `createApp({ naive: true })` builds it.
 * Changes to the schema and resolvers themselves apply here too.
 */
import "reflect-metadata";
import { loadFacts } from "../../../src/facts/load";
import { createApp } from "../../../src/server";
import { FIXTURES_DIR, HOST, PORT } from "./env";

async function main() {
  const app = await createApp({ store: loadFacts(FIXTURES_DIR), logger: false, naive: true, rateLimit: { points: 0, windowSeconds: 60 } });
  await app.listen({ port: PORT, host: HOST });
}

void main();
