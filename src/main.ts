/**
 * The process: configuration, fixtures, start-up, signals and exit codes.
 * Exit 1 with a one-line reason (plus the fixture problems) when it cannot serve.
 */
import "./production";
import "reflect-metadata";
import { loadConfig } from "./config";
import { FixtureError, loadFacts } from "./facts/load";
import { logDestination } from "./http/request-scope";
import { createApp } from "./server";

async function main(): Promise<void> {
  const { port, host, fixturesDir, logLevel, ...settings } = loadConfig();
  const store = loadFacts(fixturesDir);
  const app = await createApp({
    ...settings,
    store,
    // Development pretty-prints; otherwise JSON lines to stdout through a bounded buffer (http/request-scope.ts).
    logger: { level: logLevel, ...(settings.development ? { transport: { target: "pino-pretty" } } : { stream: logDestination() }) },
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
