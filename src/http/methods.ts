/**
 * The methods /graphql answers, in one list: the route, CORS preflights,
 * plain OPTIONS and every 405 name the same ones. HEAD is not among them:
 * a GraphQL GET runs an operation, and HEAD would run it to send no answer,
 * so HEAD gets the 405 that PUT or DELETE get.
 */
import type { FastifyInstance } from "fastify";

export const GRAPHQL_METHODS = ["GET", "POST", "OPTIONS"] as const;

/** The `Allow` header of every /graphql answer that names the methods. */
export const ALLOW = GRAPHQL_METHODS.join(", ");

/**
 * Refuses HEAD on `path` as any other method (Fastify would otherwise serve
 * HEAD through the GET route, and Apollo refuse it with an `Allow` of its own),
 * and puts `Allow` on every OPTIONS answer there, preflight or not.
 * Before the GraphQL route and CORS are registered.
 */
export function answerOtherMethods(app: FastifyInstance, path: string): void {
  // The not-found handler answers a known path with a 405 (http/errors.ts).
  app.head(path, (_request, reply) => reply.callNotFound());
  app.addHook("onSend", (request, reply, payload, done) => {
    if (request.method === "OPTIONS" && request.routeOptions.url === path) void reply.header("allow", ALLOW);
    done(null, payload);
  });
}
