/**
 * Media types around /graphql: an answer's type depends on the request's
 * `Accept`, so every answer says so (`Vary: Accept`) to the shared caches its
 * `Cache-Control` lets keep it.
 */
import type { FastifyInstance } from "fastify";

/** A `Vary` value that also names `Accept`. */
export function varyWithAccept(vary: string | number | string[] | undefined): string {
  const names = (Array.isArray(vary) ? vary.join(",") : String(vary ?? "")).split(",").map((n) => n.trim()).filter(Boolean);
  if (names.some((n) => n === "*" || n.toLowerCase() === "accept")) return names.join(", ");
  return [...names, "Accept"].join(", ");
}

/**
 * Adds `Accept` to the `Vary` of every GET and POST answer on `path`, keeping
 * what CORS or anything else put there. Before the response cache, which
 * stores the header with the answer and replays it.
 */
export function varyOnAccept(app: FastifyInstance, path: string): void {
  app.addHook("onSend", (request, reply, payload, done) => {
    if ((request.method === "GET" || request.method === "POST") && request.routeOptions.url === path) void reply.header("vary", varyWithAccept(reply.getHeader("vary")));
    done(null, payload);
  });
}
