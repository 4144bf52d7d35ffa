/** Defaults shared by `npm run supergraph` and `npm run gateway` (no schema code, so the gateway loads none). */
import path from "node:path";

/** The name this subgraph takes in a supergraph unless told otherwise. */
export const SUBGRAPH_NAME = "newsfacts";

/** Where the router reaches this subgraph unless told otherwise (`npm start`'s default). */
export const DEFAULT_ROUTING_URL = "http://localhost:4000/graphql";

/** Where `npm run supergraph` writes and `npm run gateway` reads by default: under dist/, a build artefact git ignores. */
export const DEFAULT_SUPERGRAPH_FILE = path.resolve(__dirname, "..", "..", "dist", "supergraph.graphql");
