/**
 * Peer: Apollo Server 5 with a plain graphql-js schema (the peers' schema, no
 * Type-GraphQL) and Apollo's defaults, on Fastify, or on Express 5 when the
 * first argument is "express" (to choose the HTTP framework by measuring).
 */
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import express from "express";
import Fastify from "fastify";
import { loadFacts } from "../../../src/facts/load";
import { FIXTURES_DIR, HOST, PORT } from "./env";
import { peerContext, resolvers, typeDefs, type PeerContext } from "./peer-schema";

async function main() {
  const store = loadFacts(FIXTURES_DIR);
  const context = async () => peerContext(store);
  if (process.argv[2] === "express") {
    const apollo = new ApolloServer<PeerContext>({ typeDefs, resolvers });
    await apollo.start();
    const app = express();
    app.use("/graphql", express.json({ limit: "1mb" }), expressMiddleware(apollo, { context }));
    await new Promise<void>((resolve) => app.listen(PORT, HOST, () => resolve()));
    return;
  }
  const app = Fastify({ logger: false });
  const apollo = new ApolloServer<PeerContext>({ typeDefs, resolvers, plugins: [fastifyApolloDrainPlugin(app)] });
  await apollo.start();
  await app.register(fastifyApollo(apollo), { path: "/graphql", context });
  await app.listen({ port: PORT, host: HOST });
}

void main();
