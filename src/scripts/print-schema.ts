/**
 * `npm run schema`: writes the served subgraph SDL to schema/subgraph.graphql
 * (for gateways and composition), the client view to schema/client.graphql
 * (for codegen, Relay, linters and inspectors) and Apollo Client's
 * possibleTypes to schema/possible-types.json; and the JSON Schemas of the fixture files an
 * analyst writes (schema/source.schema.json, schema/entities.schema.json), for editors.
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { entitiesFileJsonSchema, sourceFileJsonSchema } from "../facts/source-file";
import { printClientSchema } from "../graph/client-schema";
import { printPossibleTypes } from "../graph/possible-types";
import { buildGraphSchema, printServedSchema } from "../graph/schema";

const dir = path.resolve(__dirname, "..", "..", "schema");

async function main(): Promise<void> {
  const served = buildGraphSchema();
  for (const [file, text] of [
    ["subgraph.graphql", printServedSchema(served)],
    ["client.graphql", printClientSchema(served)],
    ["possible-types.json", await printPossibleTypes(served)],
    ["source.schema.json", sourceFileJsonSchema()],
    ["entities.schema.json", entitiesFileJsonSchema()],
  ] as const) {
    const target = path.join(dir, file);
    writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
