/** Defaults shared by `npm run supergraph` and `npm run gateway` (no schema code, so the gateway loads none). */
import path from "node:path";
import { ROOT } from "../processes";

/** The name this subgraph takes in a supergraph unless told otherwise. */
export const SUBGRAPH_NAME = "newsfacts";

/**
 * Where `npm start` serves GraphQL with these PORT and HOST (src/config.ts): on localhost,
 * unless HOST binds one address only.
 */
export function routingUrlFor({ port, host }: { port: number; host: string }): string {
  const name = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}/graphql`;
}

/** Where the router reaches this subgraph unless told otherwise (`npm start` with PORT and HOST unset). */
export const DEFAULT_ROUTING_URL = routingUrlFor({ port: 4000, host: "0.0.0.0" });

/** Where `npm run supergraph` writes and `npm run gateway` reads by default: under dist/, a build artefact git ignores. */
export const DEFAULT_SUPERGRAPH_FILE = path.join(ROOT, "dist", "supergraph.graphql");
