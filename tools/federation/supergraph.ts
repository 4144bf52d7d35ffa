/**
 * Supergraph composition: this subgraph's SDL plus other teams' subgraph SDL,
 * composed with @apollo/composition (the library behind `rover supergraph compose`
 * and @apollo/gateway), into the supergraph SDL Apollo Router and the gateway run.
 */
import { composeServices } from "@apollo/composition";
import { GraphQLError, parse, type DocumentNode } from "graphql";
import { printServedSchema } from "../../src/graph/assembly/schema";
import { DEFAULT_ROUTING_URL, SUBGRAPH_NAME } from "./defaults";

/** One subgraph to compose: its name in the supergraph, where the router reaches it, and its SDL. */
export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
  /** Where the SDL came from, for messages: a file path or "this subgraph". */
  origin: string;
}

export interface Supergraph {
  sdl: string;
  /** Composition hints (not errors), one line each: "[CODE] message". */
  hints: string[];
}

/** The subgraphs do not compose; `problems` says why, one line each. */
export class CompositionFailed extends Error {
  constructor(readonly problems: string[]) {
    super(
      `composition failed with ${problems.length} error${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
    this.name = "CompositionFailed";
  }
}

/** This subgraph as built by the code, reached at `url`. */
export function newsfactsSubgraph(url = DEFAULT_ROUTING_URL, name = SUBGRAPH_NAME): SubgraphSource {
  checkSubgraphLocation(name, url);
  return { name, url, sdl: printServedSchema(), origin: "this subgraph" };
}

const SUBGRAPH_NAME_PATTERN = /^[A-Za-z_][\w-]*$/;

/** Checks a subgraph's name and routing URL, throwing a message that names what is wrong. */
export function checkSubgraphLocation(name: string, url: string): void {
  if (!SUBGRAPH_NAME_PATTERN.test(name))
    throw new Error(`subgraph name "${name}" must start with a letter or "_" and hold only letters, digits, "_" or "-"`);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new Error(`subgraph "${name}": routing URL "${url}" is not an http(s) URL`);
}

/**
 * Reads a subgraph given on the command line as `NAME=ROUTING_URL=SDL_FILE`
 * (the name up to the first `=`, the file after the last one).
 */
export function parseSubgraphArg(arg: string, readFile: (path: string) => string): SubgraphSource {
  const first = arg.indexOf("=");
  const last = arg.lastIndexOf("=");
  if (first < 0 || last === first) throw new Error(`subgraph "${arg}" is not NAME=ROUTING_URL=SDL_FILE`);
  const name = arg.slice(0, first);
  const url = arg.slice(first + 1, last);
  const file = arg.slice(last + 1);
  checkSubgraphLocation(name, url);
  if (!file) throw new Error(`subgraph "${name}": no SDL file after the routing URL`);
  let sdl: string;
  try {
    sdl = readFile(file);
  } catch (err) {
    throw new Error(`subgraph "${name}": cannot read ${file}: ${(err as Error).message}`);
  }
  return { name, url, sdl, origin: file };
}

function describe(error: GraphQLError): string {
  const code = error.extensions?.code;
  return code ? `[${String(code)}] ${error.message}` : error.message;
}

/** Composes the subgraphs; throws CompositionFailed with every problem when they do not compose. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): Supergraph {
  const problems: string[] = [];
  const seen = new Set<string>();
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  for (const subgraph of subgraphs) {
    if (seen.has(subgraph.name)) problems.push(`subgraph name "${subgraph.name}" is given twice (${subgraph.origin})`);
    seen.add(subgraph.name);
    try {
      services.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) });
    } catch (err) {
      const at = err instanceof GraphQLError && err.locations?.[0] ? `:${err.locations[0].line}:${err.locations[0].column}` : "";
      problems.push(`subgraph "${subgraph.name}" (${subgraph.origin}${at}): ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new CompositionFailed(problems);

  const result = composeServices(services);
  if (result.errors) throw new CompositionFailed(result.errors.map(describe));
  return {
    sdl: result.supergraphSdl,
    hints: result.hints.map((hint) => `[${hint.definition.code}] ${hint.message}`),
  };
}
