/** What every bench server reads from its environment: where to listen and which fixtures to serve. */
import path from "node:path";

export const PORT = Number(process.env.PORT ?? 0);
export const HOST = "127.0.0.1";
export const FIXTURES_DIR = process.env.FIXTURES_DIR ?? path.resolve("fixtures");
