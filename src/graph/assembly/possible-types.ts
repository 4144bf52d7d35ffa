/**
 * Apollo Client's `possibleTypes` for the client schema: which object types
 * each interface (`Node`, `Cited`) and union (`SearchResult`, `Party`) can be.
 * Without it, InMemoryCache cannot match `... on Cited` or `... on Node` and
 * drops those fields. Made by GraphQL Code Generator's fragment-matcher plugin
 * (a dev dependency: only `npm run schema` and the tests load this module) and
 * written to schema/possible-types.json next to schema/client.graphql.
 */
import { plugin } from "@graphql-codegen/fragment-matcher";
import type { GraphQLSchema } from "graphql";
import { clientSchema } from "./client-schema";

/** The JSON of schema/possible-types.json: `{ "possibleTypes": { "Node": [...], ... } }`, sorted. */
export async function printPossibleTypes(served?: GraphQLSchema): Promise<string> {
  const output = await plugin(
    clientSchema(served),
    [],
    { apolloClientVersion: 3, deterministic: true },
    { outputFile: "possible-types.json" },
  );
  if (typeof output !== "string") throw new Error("fragment-matcher returned no text");
  return `${output}\n`;
}
