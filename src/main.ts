/**
 * The process: configuration, fixtures, start-up, signals and exit codes.
 * Exit 1 with a one-line reason (plus the fixture problems) when it cannot serve.
 *
 * `npm run build` also makes a V8 startup snapshot of this file's bundle (scripts/bundle.ts): the
 * snapshot holds the loaded engine and the built schema, which hold no data, so a start only reads
 * the configuration and the fixtures and makes the server. The HTTP layer loads after the snapshot
 * is restored, because Node cannot keep node:http's bindings in one.
 */
import { defaultNodeEnv } from "./production";
import "reflect-metadata";
import v8 from "node:v8";
import { assertValidSchema } from "graphql";
import { loadConfig } from "./config";
import { FixtureError, loadFacts } from "./facts/load";
import { buildGraphSchema } from "./graph/schema";

async function main(): Promise<void> {
  const { port, host, fixturesDir, fixtureMaxBytes, logLevel, ...settings } = loadConfig();
  const store = loadFacts(fixturesDir, { maxFileBytes: fixtureMaxBytes });
  // Required here, not imported: these bring in node:http (see above).
  const { createApp } = require("./server") as typeof import("./server");
  const { logDestination } = require("./http/request-scope") as typeof import("./http/request-scope");
  const app = await createApp({
    ...settings,
    store,
    // Development pretty-prints (pino-pretty is a devDependency, never loaded otherwise); in
    // production, JSON lines to stdout through a bounded buffer (http/request-scope.ts).
    logger: { level: logLevel, stream: settings.development ? prettyLogs() : logDestination() },
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "draining in-flight requests, then exiting");
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error(err, "error while closing");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  await app.listen({ port, host });
  app.log.info(
    { records: store.counts() },
    `newsfacts serving http://localhost:${(app.server.address() as { port: number }).port}/graphql`,
  );
}

/** pino-pretty as the log stream, found from this file (a snapshot's `require` finds only Node's own modules). */
function prettyLogs(): NodeJS.WritableStream {
  const { createRequire } = require("node:module") as typeof import("node:module");
  const pretty = createRequire(__filename)("pino-pretty") as typeof import("pino-pretty");
  return pretty();
}

function run(): void {
  defaultNodeEnv();
  main().catch((err: unknown) => {
    if (err instanceof FixtureError) {
      console.error(`newsfacts: cannot start: ${err.message}`);
    } else if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error(`newsfacts: cannot start: port already in use (${(err as Error).message})`);
    } else {
      console.error(`newsfacts: cannot start: ${(err as Error).message}`);
    }
    process.exit(1);
  });
}

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  // The schema is built once per process (graph/schema.ts), and graphql-js validates it once, on
  // the first request: both done here, they are in the snapshot.
  assertValidSchema(buildGraphSchema());
  v8.startupSnapshot.setDeserializeMainFunction(run);
} else {
  run();
}
