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
    setupFiles: ["reflect-metadata"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: one worker for tests, one for the servers they start.
    maxWorkers: 2,
  },
});
