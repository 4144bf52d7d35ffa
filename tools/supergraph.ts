/**
 * `npm run supergraph -- [options] [NAME=ROUTING_URL=SDL_FILE ...]`: composes this
 * subgraph with any other subgraphs' SDL files and writes the supergraph SDL
 * for Apollo Router or @apollo/gateway. Exit 1 when they do not compose, 2 on bad usage.
 */
import "reflect-metadata";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config";
import { DEFAULT_SUPERGRAPH_FILE, routingUrlFor, SUBGRAPH_NAME } from "./federation/defaults";
import { composeSupergraph, CompositionFailed, newsfactsSubgraph, parseSubgraphArg } from "./federation/supergraph";

const USAGE = `usage: npm run supergraph -- [options] [NAME=ROUTING_URL=SDL_FILE ...]

Composes this subgraph with the subgraphs given (each a name, the URL the router
reaches it at, and a file with its SDL) and writes the supergraph SDL.

options:
  --url URL    where the router reaches this subgraph (default: where \`npm start\` serves
               with the same PORT and HOST, http://localhost:4000/graphql when unset)
  --name NAME  this subgraph's name in the supergraph (default ${SUBGRAPH_NAME})
  --out FILE   where to write the supergraph, "-" for stdout (default ${path.relative(process.cwd(), DEFAULT_SUPERGRAPH_FILE)})
  --help       this text

example:
  npm run supergraph -- --out supergraph.graphql reviews=http://localhost:4001/graphql=../reviews/schema.graphql`;

function usageError(message: string): never {
  console.error(`supergraph: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** Runs a step of reading the command line; a failure is a usage error. */
function orUsage<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    return usageError((err as Error).message);
  }
}

function main(): void {
  const parsed = orUsage(() =>
    parseArgs({
      allowPositionals: true,
      options: {
        url: { type: "string" },
        name: { type: "string", default: SUBGRAPH_NAME },
        out: { type: "string", default: DEFAULT_SUPERGRAPH_FILE },
        help: { type: "boolean", default: false },
      },
    }),
  );
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }

  // The server's own settings, read as the server reads them.
  const config = orUsage(() => loadConfig());
  if (values.url === undefined && config.port === 0) usageError("PORT=0 serves on any free port: give the subgraph's --url");
  const url = values.url ?? routingUrlFor(config);

  const subgraphs = orUsage(() => [
    newsfactsSubgraph(url, values.name),
    ...positionals.map((arg) => parseSubgraphArg(arg, (file) => readFileSync(file, "utf8"))),
  ]);

  let supergraph: ReturnType<typeof composeSupergraph>;
  try {
    supergraph = composeSupergraph(subgraphs);
  } catch (err) {
    if (!(err instanceof CompositionFailed)) throw err;
    console.error(`supergraph: ${subgraphs.map((s) => s.name).join(" + ")}: ${err.message}`);
    process.exit(1);
  }
  for (const hint of supergraph.hints) console.error(`supergraph: hint ${hint}`);

  if (values.out === "-") {
    process.stdout.write(supergraph.sdl);
    return;
  }
  mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  writeFileSync(values.out, supergraph.sdl);
  console.error(
    `supergraph: composed ${subgraphs.map((s) => `${s.name} (${s.url})`).join(", ")} into ${path.relative(process.cwd(), values.out)}`,
  );
}

main();
