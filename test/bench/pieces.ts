/**
 * `npm run bench -- --pieces`: what each piece of the speed path (src/speed/) buys for its lines.
 * Each piece is turned off by its setting and the server measured with it on and off, each against
 * the same peer (Mercurius + graphql-jit) in paired slices; a piece buys the ratio of the two
 * medians. The bench repeats one request, which the response cache answers whole: the pieces behind
 * it are measured with it off, and compiled execution with prepared operations off too, which run
 * its compiled forms (`COMPILED_MB=0` turns both off). The whole room is the served app against the
 * app without it (the naive server). No side effects: tests import it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { median, middleHalf } from "./report";

export interface Piece {
  name: string;
  /** Its files, from the project's root. */
  files: readonly string[];
  /** The server's settings with the piece on; off adds `off`. */
  on: Readonly<Record<string, string>>;
  off: Readonly<Record<string, string>>;
}

const UNCACHED = { RESPONSE_CACHE_MB: "0" };

export const PIECES: readonly Piece[] = [
  { name: "response cache", files: ["src/speed/response-cache.ts"], on: {}, off: UNCACHED },
  { name: "prepared operations", files: ["src/speed/prepared.ts"], on: UNCACHED, off: { ...UNCACHED, PREPARED_MB: "0" } },
  {
    name: "compiled execution",
    files: ["src/speed/compiled.ts"],
    on: { ...UNCACHED, PREPARED_MB: "0" },
    off: { ...UNCACHED, PREPARED_MB: "0", COMPILED_MB: "0" },
  },
  {
    name: "document store sizing",
    files: ["src/speed/document-store.ts", "src/speed/document-size.ts"],
    on: UNCACHED,
    off: { ...UNCACHED, DOCUMENT_STORE_SIZING: "apollo" },
  },
];

/** The room's own folder: its whole is measured against the app without it. */
export const ROOM = "src/speed";

/** Lines of code of a TypeScript text: neither blank nor comment. */
export function linesOfCode(text: string): number {
  const withoutBlocks = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => "\n".repeat(comment.split("\n").length - 1));
  return withoutBlocks.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("//")).length;
}

/** Lines of code of `files`, from `root`. */
export function linesOf(root: string, files: readonly string[]): number {
  return files.reduce((sum, file) => sum + linesOfCode(readFileSync(path.join(root, file), "utf8")), 0);
}

/** A server's settings as a key: the pieces share servers (the cache-off one is on for three). */
export function settingsKey(env: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
}

/** One query's paired medians of a piece: the server with it on, and off, each over the peer. */
export interface PieceRow {
  piece: string;
  lines: number;
  query: string;
  /** Paired ratios over the peer with the piece on, and off. */
  on: number[];
  off: number[];
}

const ratio = (n: number) => `${n.toFixed(2)}×`;

/** The table `--pieces` prints: per piece and query, its lines, both medians over the peer, and what it buys. */
export function renderPieces(rows: readonly PieceRow[], peer: string): string {
  const lines = [
    `## What each piece of the speed path buys`,
    "",
    `Throughput over ${peer}, each the median of paired slices (on, then off); a piece buys the ratio of the two. ` +
      "Lines are of code, without comments and blank lines. The middle half of each one's pairs shows the run's spread: " +
      "a piece whose ranges overlap bought nothing this run could tell.",
    "",
    "| piece | lines | query | on / peer | middle half | off / peer | middle half | buys |",
    "|---|--:|---|--:|--:|--:|--:|--:|",
  ];
  const spread = (values: readonly number[]) =>
    middleHalf(values)
      .map((v) => v.toFixed(2))
      .join("–");
  for (const row of rows) {
    const on = median(row.on);
    const off = median(row.off);
    lines.push(
      `| ${row.piece} | ${row.lines} | ${row.query} | ${ratio(on)} | ${spread(row.on)} | ${ratio(off)} | ${spread(row.off)} | ${ratio(on / off)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
