/**
 * The layering of src/, as an import graph: data flows one way, from the fixtures and the store
 * up to the process, and every file imports only from its own layer or the ones below it. Read
 * with TypeScript's own pre-processor, so an import is what the compiler sees, type-only ones
 * included.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(__dirname, "..", "src");

/**
 * The layers, lowest first: a path of src/ (a file, or a folder ending in "/") belongs to the
 * first layer with a prefix of it. Settings are read by every layer, so they are the lowest.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["config.ts", "production.ts", "sandbox.ts"],
  ["facts/"],
  ["loaders.ts", "context.ts"],
  ["graph/"],
  ["request/"],
  ["http/"],
  ["speed/"],
  ["server.ts"],
  ["main.ts", "heap.ts"],
  ["scripts/"],
];

/** The layer of a path of src/, or -1 for one no layer names. */
function layerOf(file: string, layers: readonly (readonly string[])[] = LAYERS): number {
  return layers.findIndex((prefixes) => prefixes.some((p) => (p.endsWith("/") ? file.startsWith(p) : file === p)));
}

/** Every import that runs up the layers (or from a file no layer names), as "from -> to". */
function backImports(graph: ReadonlyMap<string, readonly string[]>, layers = LAYERS): string[] {
  const out: string[] = [];
  for (const [from, imports] of graph) {
    const own = layerOf(from, layers);
    if (own < 0) {
      out.push(`${from}: in no layer`);
      continue;
    }
    for (const to of imports) if (layerOf(to, layers) > own) out.push(`${from} -> ${to}`);
  }
  return out.sort();
}

/**
 * The rooms only one file may import: the speed path sits behind one call in server.ts, so that
 * taking it out is removing the folder and that call.
 */
const SEAMS: Readonly<Record<string, string>> = { "speed/": "server.ts" };

/** Every import of a sealed room from outside it, but for the one file it opens to, as "from -> to". */
function seamBreaches(graph: ReadonlyMap<string, readonly string[]>, seams = SEAMS): string[] {
  const out: string[] = [];
  for (const [from, imports] of graph)
    for (const to of imports)
      for (const [room, opener] of Object.entries(seams))
        if (to.startsWith(room) && !from.startsWith(room) && from !== opener) out.push(`${from} -> ${to}`);
  return out.sort();
}

/** src/'s files and, for each, the files of src/ it imports (paths from src/, with their extension). */
function importGraph(): Map<string, string[]> {
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"));
  const known = new Set(files.map((f) => f.split(path.sep).join("/")));
  const graph = new Map<string, string[]>();
  for (const file of known) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(SRC, file), "utf8"), true, true);
    const local = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(file), name)))
      .map((name) => [`${name}.ts`, `${name}/index.ts`, name].find((candidate) => known.has(candidate)) ?? `${name} (unresolved)`);
    graph.set(file, local);
  }
  return graph;
}

describe("the layers of src/", () => {
  it("finds a planted import that runs back up, and a file in no layer", () => {
    const planted = new Map([
      ["facts/store.ts", ["config.ts"]],
      ["graph/assembly/schema.ts", ["facts/store.ts"]],
      ["loaders.ts", ["http/errors.ts"]],
      ["tools/gateway.ts", []],
    ]);
    expect(backImports(planted)).toEqual(["loaders.ts -> http/errors.ts", "tools/gateway.ts: in no layer"]);
  });

  it("finds a planted import of the speed path from anywhere but server.ts", () => {
    const planted = new Map([
      ["server.ts", ["speed/index.ts"]],
      ["speed/index.ts", ["speed/compiled.ts", "http/request-scope.ts"]],
      ["main.ts", ["speed/compiled.ts"]],
      ["http/errors.ts", ["speed/index.ts"]],
    ]);
    expect(seamBreaches(planted)).toEqual(["http/errors.ts -> speed/index.ts", "main.ts -> speed/compiled.ts"]);
    // And a room below the speed path that imports it runs back up.
    expect(backImports(new Map([["http/errors.ts", ["speed/index.ts"]]]))).toEqual(["http/errors.ts -> speed/index.ts"]);
  });

  it("has every file in a layer, and no import that runs back up", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    expect(backImports(graph)).toEqual([]);
    expect(seamBreaches(graph)).toEqual([]);
  });
});
