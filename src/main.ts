/**
 * The process: configuration, fixtures, start-up, signals and exit codes.
 * Exit 1 with a one-line reason (plus the fixture problems) when it cannot serve.
 * On SIGTERM or SIGINT it drains (http/lifecycle.ts) and exits 0, or 1 when the drain timed out.
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
import { buildGraphSchema } from "./graph/assembly/schema";
import { heapMismatch, heapReport } from "./heap";

async function main(): Promise<void> {
  const { port, host, fixturesDir, fixtureMaxBytes, logLevel, heapMb, heapSemiSpaceMb, drainDelayMs, drainTimeoutMs, ...settings } =
    loadConfig();
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

  // graphql-js leaves the pending siblings of a field that fails while they run unawaited; their
  // later rejections belong to an answer already sent, and must not end the process for everyone.
  process.on("unhandledRejection", (reason) => app.log.error({ err: reason }, "a rejection nobody awaited; serving on"));

  // The first signal drains (http/lifecycle.ts); a second one, from someone who will not wait, cuts it short.
  let draining = false;
  const shutdown = (signal: string) => {
    if (draining) {
      app.log.warn({ signal }, "second signal while draining: exiting now");
      process.exit(1);
    }
    draining = true;
    app.log.info({ signal, drainDelayMs, drainTimeoutMs }, "draining: not ready, then finishing the requests in flight");
    app.lifecycle.drain(app, { delayMs: drainDelayMs, timeoutMs: drainTimeoutMs }).then(
      ({ drained, cut }) => {
        if (drained) app.log.info("drained: every answer written, exiting");
        else app.log.warn({ cut, drainTimeoutMs }, "drain timed out: connections still busy were cut");
        process.exit(drained ? 0 : 1);
      },
      (err) => {
        app.log.error(err, "error while draining");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  await app.listen({ port, host });
  const heap = heapReport();
  app.log.info(
    { records: store.counts(), heapLimitMb: heap.heapLimitMb, heapMb, heapSemiSpaceMb },
    `newsfacts serving http://localhost:${(app.server.address() as { port: number }).port}/graphql`,
  );
  const mismatch = heapMismatch(heapMb, heapSemiSpaceMb, heap);
  if (mismatch) app.log.warn({ heapLimitMb: heap.heapLimitMb, heapMb, heapSemiSpaceMb }, mismatch);
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
  // The schema is built once per process (graph/assembly/schema.ts), and graphql-js validates it once, on
  // the first request: both done here, they are in the snapshot.
  assertValidSchema(buildGraphSchema());
  v8.startupSnapshot.setDeserializeMainFunction(run);
} else {
  run();
}
