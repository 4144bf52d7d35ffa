/**
 * Reads a fixture file written by hand, YAML or JSON, into plain data, and finds the line and
 * column of any path in it, so a problem names where to look as well as what is wrong.
 */
import { CORE_SCHEMA, load } from "js-yaml";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { readTextFile } from "./text-file";

/** A line and column, both from 1, as an editor counts them. */
export interface Position {
  line: number;
  column: number;
}

export type StructuredFile =
  | { data: unknown; locate: (segments: readonly PropertyKey[]) => Position | undefined; problem?: undefined; position?: undefined }
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
    return { data, locate: lazyLocator(file, text.length) };
  }
  const fast = fastYaml(text);
  if (fast !== undefined) return { data: fast, locate: lazyLocator(file, text.length) };
  const { document, lines } = parse(text);
  const error = document.errors[0];
  if (error) return { problem: `not valid YAML: ${error.message.split("\n")[0]!}`, position: positionOf(lines, error.pos[0]) };
  try {
    return { data: document.toJS({ maxAliasCount: 100 }), locate: lazyLocator(file, text.length) };
  } catch (err) {
    // Aliases that would expand past the bound: the file is refused, not read.
    return { problem: `not valid YAML: ${(err as Error).message}` };
  }
}

/** An anchor or an alias: a `&` or `*` that starts a YAML token. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s,\]}]/;

/**
 * The data of a YAML file that js-yaml reads with YAML 1.2's core schema, as the `yaml` package
 * does, several times faster: start-up reads every source file. Undefined for anything else, which
 * the `yaml` package reads, so that what it refuses and the words it refuses it with stay one
 * parser's: a file js-yaml refuses (a syntax error, a key given twice), and one with anchors or
 * aliases, whose expansion only the `yaml` package bounds.
 */
function fastYaml(text: string): unknown {
  if (ANCHOR_OR_ALIAS.test(text)) return undefined;
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

/**
 * Places paths in the file, reading and parsing it again on the first problem: start-up keeps no
 * file's text or syntax tree for the problems most loads never have.
 */
function lazyLocator(file: string, length: number): (segments: readonly PropertyKey[]) => Position | undefined {
  let located: ((segments: readonly PropertyKey[]) => Position | undefined) | undefined;
  return (segments) => {
    if (!located) {
      const read = readTextFile(file, Number.POSITIVE_INFINITY);
      // Changed since it was read: no position is better than a wrong one.
      located = read.text !== undefined && read.text.length === length ? locator(read.text) : () => undefined;
    }
    return located(segments);
  };
}

function positionOf(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function parse(text: string): { document: Document; lines: LineCounter } {
  const lines = new LineCounter();
  // Duplicate keys are errors: the second of two statements about one id would otherwise replace the first unseen.
  return { document: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
}

function yamlProblem(text: string): { problem: string; position: Position } | null {
  const { document, lines } = parse(text);
  const error = document.errors[0];
  return error ? { problem: error.message.split("\n")[0]!, position: positionOf(lines, error.pos[0]) } : null;
}

/**
 * The position of the deepest node a path reaches: a map's value is placed at its key (the line
 * that names the field), a path past what the file holds (a missing field) at the last node it has.
 */
function locator(text: string): (segments: readonly PropertyKey[]) => Position {
  const { document, lines } = parse(text);
  return (segments) => {
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
    return positionOf(lines, offset);
  };
}
