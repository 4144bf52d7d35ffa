import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql-js instance: the CommonJS build that type-graphql and Apollo require,
    // not the ESM build Vite would otherwise pick for our own imports.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // fail-on-unhandled: an unhandled rejection or uncaught exception (say, in an in-process
    // server) fails the test it happened in, not only the run.
    setupFiles: ["reflect-metadata", "./test/setup/fail-on-unhandled.ts"],
    // The default, stated: any unhandled error fails the run even when every test passed.
    dangerouslyIgnoreUnhandledErrors: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: one worker for tests, one for the servers they start.
    maxWorkers: 2,
  },
});
