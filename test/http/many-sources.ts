/** The served fixtures with many more sources: copies of the article's text, each stating what a test gives it. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { parse, stringify } from "yaml";
import { FIXTURES, startServer, type TestServer } from "../helpers";

export const ARTICLE = "raisi-venezuela-2023";
const META = ["kind", "language", "title", "publisher", "byline", "url", "publishedOn", "textFile", "sentences"];

export interface Copies {
  /** Source `i`'s folder name; sources of one day come in the order of their folders' names. */
  folder: (i: number) => string;
  /** What source `i` states beside the article's metadata and text, given the article's own statements. */
  states: (i: number, article: Record<string, any>) => Record<string, unknown>;
  /** Ids the copies speak of that the served fixtures do not declare, by kind. */
  declares?: Record<string, string[]>;
}

/** A copy of the served fixtures, with sources `from` to `to` (the article's text again, each in a folder of its own) as `copies` says. */
export function fixturesWithCopies(from: number, to: number, copies: Copies): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "newsfacts-sources-")), "fixtures");
  cpSync(FIXTURES, dir, { recursive: true });
  const folder = path.join(dir, "sources", ARTICLE);
  const article = parse(readFileSync(path.join(folder, "source.yaml"), "utf8")) as Record<string, any>;
  const metadata = Object.fromEntries(META.filter((key) => key in article).map((key) => [key, article[key]]));
  if (copies.declares) {
    const entities = parse(readFileSync(path.join(dir, "entities.yaml"), "utf8")) as Record<string, any>;
    for (const [kind, ids] of Object.entries(copies.declares))
      entities[kind] = { ...entities[kind], ...Object.fromEntries(ids.map((id) => [id, null])) };
    writeFileSync(path.join(dir, "entities.yaml"), stringify(entities));
  }
  for (let i = from; i <= to; i++) {
    const copy = path.join(dir, "sources", copies.folder(i));
    mkdirSync(copy);
    cpSync(path.join(folder, article.textFile), path.join(copy, article.textFile));
    writeFileSync(path.join(copy, "source.yaml"), stringify({ ...metadata, ...copies.states(i, article) }));
  }
  return dir;
}

/** A server on fixtures `make` writes, for the tests of the describe block it is called in; removed after them. */
export function servedFrom(make: () => string): { server: () => TestServer; dir: () => string } {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = make();
    server = await startServer(dir);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });
  return { server: () => server, dir: () => dir };
}
