/**
 * `npm run schema`: writes the served subgraph SDL to schema/schema.graphql
 * (for gateways and composition) and the client view to schema/api.graphql
 * (for codegen, Relay, linters and inspectors).
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { printClientSchema } from "../graph/client-schema";
import { buildGraphSchema, printServedSchema } from "../graph/schema";

const dir = path.resolve(__dirname, "..", "..", "schema");
const served = buildGraphSchema();
for (const [file, sdl] of [
  ["schema.graphql", printServedSchema(served)],
  ["api.graphql", printClientSchema(served)],
] as const) {
  const target = path.join(dir, file);
  writeFileSync(target, sdl);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
