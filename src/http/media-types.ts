/**
 * Media types around /graphql: bodies are read as UTF-8 only, so a body that
 * says it is written in another charset is refused rather than misread; and
 * an answer's type depends on the request's `Accept`, so every answer says so
 * (`Vary: Accept`) to the shared caches its `Cache-Control` lets keep it.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";

/** The labels of UTF-8 a body may carry: the registered name and the alias clients commonly send. */
const UTF8 = new Set(["utf-8", "utf8"]);

/** The `charset` parameters of a `Content-Type` value, unquoted and in lower case. */
export function charsetsOf(contentType: string): string[] {
  const charsets: string[] = [];
  if (!contentType.includes(";")) return charsets; // no parameters: every request of every client we know
  // `; name=value`, where value is a token or a quoted string (which may hold a `;`).
  for (const [, name, value] of contentType.matchAll(/;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
    if (name!.toLowerCase() !== "charset") continue;
    const unquoted = value!.startsWith('"') ? value!.slice(1, -1).replace(/\\(.)/g, "$1") : value!;
    charsets.push(unquoted.trim().toLowerCase());
  }
  return charsets;
}

/** Whether the request carries a body (a charset says nothing without one). */
export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * Refuses a body in any charset but UTF-8 with 415, naming the charset, before
 * Fastify parses it as UTF-8 (after the `onRequest` hooks, so the refusal carries CORS headers).
 */
export function refuseForeignCharsets(app: FastifyInstance): void {
  app.addHook("preParsing", (request, _reply, payload, done) => {
    const type = request.headers["content-type"];
    if (type === undefined || !hasBody(request)) return done(null, payload);
    const foreign = charsetsOf(type).find((charset) => !UTF8.has(charset));
    if (foreign === undefined) return done(null, payload);
    const message = `Charset ${JSON.stringify(foreign.slice(0, 40))} is not supported: send the body in UTF-8 (charset=utf-8, or no charset).`;
    done(Object.assign(new Error(message), { statusCode: 415 }));
  });
}

/** A `Vary` value that also names `Accept`. */
export function varyWithAccept(vary: string | number | string[] | undefined): string {
  if (vary === undefined) return "Accept"; // nothing else varies: most answers
  if (vary === "Accept") return vary; // said already: a prepared or replayed answer carries it
  const names = (Array.isArray(vary) ? vary.join(",") : String(vary ?? ""))
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
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
    if ((request.method === "GET" || request.method === "POST") && request.routeOptions.url === path)
      void reply.header("vary", varyWithAccept(reply.getHeader("vary")));
    done(null, payload);
  });
}
