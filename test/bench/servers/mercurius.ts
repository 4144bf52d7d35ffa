/** Peer: Fastify + Mercurius with graphql-jit (every query compiled after its first run), over the peers' schema. */
import Fastify from "fastify";
import mercurius from "mercurius";
import { loadFacts } from "../../../src/facts/load";
import { FIXTURES_DIR, HOST, PORT } from "./env";
import { peerContext, resolvers, typeDefs } from "./peer-schema";

async function main() {
  const store = loadFacts(FIXTURES_DIR);
  const app = Fastify({ logger: false });
  await app.register(mercurius, {
    schema: typeDefs,
    resolvers: resolvers as never,
    jit: 1,
    context: () => peerContext(store),
  });
  await app.listen({ port: PORT, host: HOST });
}

void main();
