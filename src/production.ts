/**
 * NODE_ENV defaults to "production" (see config.ts), and libraries read it when they load:
 * outside production, graphql-js checks every `instanceof` of its own types against copies from
 * another realm, on the hot path. Imported first by main.ts, before anything loads graphql, and
 * applied again when a start-up snapshot is restored (the environment is the new process's).
 */
export function defaultNodeEnv(): void {
  process.env.NODE_ENV ??= "production";
}
defaultNodeEnv();
