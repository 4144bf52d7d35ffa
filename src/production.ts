/**
 * NODE_ENV defaults to "production" (see config.ts), and libraries read it
 * when they load: graphql-js, unless told it is in production, checks every
 * `instanceof` of its own types against copies from another realm, which cost
 * about a third of the throughput of a nested query in the bench. Imported
 * first by main.ts, before anything loads graphql.
 */
process.env.NODE_ENV ??= "production";
