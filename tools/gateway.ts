/**
 * `npm run gateway -- [--supergraph FILE] [--port 4100] [--host 127.0.0.1]`: serves an
 * Apollo Gateway over a supergraph SDL file (by default the one `npm run supergraph` writes).
 * NODE_ENV, INCLUDE_STACKTRACE and LOG_LEVEL mean what they mean to the server (src/config.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { FastifyBaseLogger } from "fastify";
import pino from "pino";
import { loadConfig } from "../src/config";
import { startGateway } from "./federation/gateway";
import { DEFAULT_SUPERGRAPH_FILE } from "./federation/defaults";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      supergraph: { type: "string", default: DEFAULT_SUPERGRAPH_FILE },
      port: { type: "string", default: "4100" },
      host: { type: "string", default: "127.0.0.1" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0 to 65535, got "${values.port}"`);
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(values.supergraph, "utf8");
  } catch (err) {
    throw new Error(
      `cannot read the supergraph ${path.relative(process.cwd(), values.supergraph)} (run \`npm run supergraph\` first): ${(err as Error).message}`,
    );
  }
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, ...(config.development ? { transport: { target: "pino-pretty" } } : {}) });
  const gateway = await startGateway({
    supergraphSdl,
    port,
    host: values.host,
    logger: logger as FastifyBaseLogger,
    development: config.development,
    includeStacktrace: config.includeStacktrace,
  });
  const stop = () => gateway.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  console.log(`gateway: serving ${gateway.url} over ${path.relative(process.cwd(), values.supergraph)}`);
}

main().catch((err: unknown) => {
  console.error(`gateway: cannot start: ${(err as Error).message}`);
  process.exit(1);
});
