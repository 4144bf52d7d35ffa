/**
 * Reads a fixture file written by hand, YAML or JSON, into plain data, and finds the line and
 * column of any path in it, so a problem names where to look as well as what is wrong.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { readTextFile } from "./text-file";

/** A line and column, both from 1, as an editor counts them. */
export interface Position {
  line: number;
  column: number;
}

export type StructuredFile =
  | { data: unknown; locate: (segments: readonly PropertyKey[]) => Position; problem?: undefined; position?: undefined }
  | { data?: undefined; problem: string; position?: Position };

/**
 * The file's data, or why it cannot be read: the guards of readTextFile (size, BOM, UTF-8), then
 * the syntax. A `.json` file is parsed with JSON.parse, the YAML parser running only to place a
 * problem: a generated fixture can be large, and JSON.parse is many times faster.
 */
export function readStructuredFile(file: string, maxBytes: number): StructuredFile {
  const read = readTextFile(file, maxBytes);
  if (read.problem !== undefined) return { problem: read.problem };
  const text = read.text;
  if (file.endsWith(".json")) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      const { problem, position } = yamlProblem(text) ?? {};
      return { problem: `not valid JSON: ${problem ?? (err as Error).message}`, position };
    }
    let located: Locator | undefined;
    return { data, locate: (segments) => (located ??= locator(text))(segments) };
  }
  const problem = yamlProblem(text);
  if (problem) return { problem: `not valid YAML: ${problem.problem}`, position: problem.position };
  const locate = locator(text);
  return { data: locate.document.toJS({ maxAliasCount: 100 }), locate };
}

type Locator = ((segments: readonly PropertyKey[]) => Position) & { document: Document };

function parse(text: string): { document: Document; lines: LineCounter } {
  const lines = new LineCounter();
  // Duplicate keys are errors: the second of two statements about one id would otherwise replace the first unseen.
  return { document: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
}

function yamlProblem(text: string): { problem: string; position: Position } | null {
  const { document, lines } = parse(text);
  const error = document.errors[0];
  if (!error) return null;
  const { line, col } = lines.linePos(error.pos[0]);
  return { problem: error.message.split("\n")[0]!, position: { line, column: col } };
}

/**
 * The position of the deepest node a path reaches: a map's value is placed at its key (the line
 * that names the field), a path past what the file holds (a missing field) at the last node it has.
 */
function locator(text: string): Locator {
  const { document, lines } = parse(text);
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const locate = (segments: readonly PropertyKey[]): Position => {
    let node: unknown = document.contents;
    let offset = (node as YamlNode | null)?.range?.[0] ?? 0;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
        node = node.items[segment];
        offset = (node as YamlNode).range?.[0] ?? offset;
      } else break;
    }
    return at(offset);
  };
  return Object.assign(locate, { document });
}
