/**
 * NODE_ENV defaults to "production" (see config.ts), and libraries read it when they load:
 * outside production, graphql-js checks every `instanceof` of its own types against copies from
 * another realm, on the hot path. Imported first by main.ts, before anything loads graphql.
 */
process.env.NODE_ENV ??= "production";
