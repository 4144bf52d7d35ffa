/**
 * A local Apollo Gateway over a supergraph SDL (what `npm run supergraph` writes):
 * @apollo/gateway plans each query across the subgraphs and Apollo Server serves it.
 * For trying the supergraph on one machine; production runs Apollo Router over the same file.
 */
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

export interface Gateway {
  /** The gateway's GraphQL endpoint. */
  url: string;
  stop(): Promise<void>;
}

export async function startGateway(options: { supergraphSdl: string; port: number; host: string }): Promise<Gateway> {
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: options.supergraphSdl }), introspection: true });
  const { url } = await startStandaloneServer(server, { listen: { port: options.port, host: options.host } });
  return { url, stop: () => server.stop() };
}
