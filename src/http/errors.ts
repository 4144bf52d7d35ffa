/**
 * Every error a client sees: GraphQL-shaped (`{ errors: [{ message, extensions: { code } }] }`),
 * with a stable code and the status the GraphQL-over-HTTP spec asks for.
 * Unexpected errors are masked: the client gets INTERNAL_SERVER_ERROR and the
 * request id, the log gets the stack under the same id.
 */
import { ApolloServerErrorCode } from "@apollo/server/errors";
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from "fastify";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { LimitExceededError, EXECUTION_TIMEOUT } from "../request/limits";
import { DeadlineExceededError } from "../loaders";
import { withHints } from "./error-hints";
import { ALLOW } from "./methods";
import { linkedRecord } from "../request/record";
import { recordOf } from "./request-scope";

export const INTERNAL_SERVER_ERROR = ApolloServerErrorCode.INTERNAL_SERVER_ERROR;

/** Codes for requests refused before GraphQL sees them, by HTTP status. */
const HTTP_ERROR_CODES: Record<number, string> = {
  400: ApolloServerErrorCode.BAD_REQUEST,
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
};

export interface ErrorPolicy {
  /** Development only: unmasked messages and stack traces in responses. */
  includeStacktrace: boolean;
  /**
   * Remove "Did you mean …?" from messages, so the schema cannot be guessed field by field: only
   * worth it where introspection is off. Otherwise suggestions name usable fields only and
   * validation errors say how to fix them (error-hints.ts).
   */
  hideSuggestions: boolean;
  /** The served schema, which the hints look fields up in. */
  schema?: GraphQLSchema;
  /** Where unexpected errors are logged when no request is at hand. */
  log: FastifyBaseLogger;
  /** The token limit, reported when the parser stops at it. */
  maxTokens: number;
}

/** The message a client gets for anything we did not expect. */
export function maskedMessage(requestId: string): string {
  return `Internal server error. Quote request id ${requestId} when reporting it.`;
}

/** graphql-js and Apollo suggest names ("Did you mean \"name\"?"); all of them end the message. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/s, "");
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e && chain.length < 5; e = (e as GraphQLError).originalError) chain.push(e);
  return chain;
}

/** Whether Apollo gave the error a 4xx status: the client's fault, whatever its code. */
function isClientStatus(error: unknown): boolean {
  const status = (error as GraphQLError)?.extensions?.http as { status?: number } | undefined;
  return !!status?.status && status.status >= 400 && status.status < 500;
}

/** What graphql-js's `getVariableValues` says once the variables have given it `maxErrors` errors. */
export const TOO_MANY_VARIABLE_ERRORS = "Too many errors processing variables, error limit reached. Execution aborted.";

function isTooManyVariableErrors(error: unknown): boolean {
  return error instanceof GraphQLError && error.message === TOO_MANY_VARIABLE_ERRORS && error.nodes === undefined;
}

/**
 * graphql-js's refusal of an argument's value as it runs the operation (execution/values.js): a
 * variable a client set to null where the argument may not be null (`@skip(if: $v)` with a
 * nullable `$v` that has a default), which validation lets through. The client's input, not our fault.
 */
const ARGUMENT_REFUSED =
  /^Argument "[^"]+" (?:of non-null type "[^"]+" must not be null|of required type "[^"]+" was (?:not provided|provided the variable "\$[^"]+" which was not provided a runtime value)|has invalid value .*)\.$/s;

function isArgumentRefused(error: unknown): boolean {
  return error instanceof GraphQLError && error.originalError === undefined && ARGUMENT_REFUSED.test(error.message);
}

/** Apollo's `formatError`: limit codes, timeouts, masking, suggestions and hints. */
export function createFormatError(policy: ErrorPolicy) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const request = linkedRecord(error);
    const chain = causes(error);
    // A source over the token limit was marked while parsing (request/apollo-plugins.ts); graphql-js's parser then stopped at it.
    const tokens = request?.tooManyTokens && formatted.extensions?.code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED;
    const limit =
      chain.find((e): e is LimitExceededError => e instanceof LimitExceededError) ??
      (tokens ? new LimitExceededError("maxTokens", policy.maxTokens) : undefined);
    const deadline = chain.find((e): e is DeadlineExceededError => e instanceof DeadlineExceededError);
    let result: GraphQLFormattedError;
    if (limit) {
      const { http: _http, ...extensions } = limit.extensions;
      result = { message: limit.message, ...(formatted.locations ? { locations: formatted.locations } : {}), extensions };
    } else if (deadline) {
      result = {
        message: `Execution timed out after ${deadline.timeoutMs} ms; ask for fewer or smaller connections.`,
        extensions: { code: EXECUTION_TIMEOUT, timeoutMs: deadline.timeoutMs },
      };
    } else if (
      formatted.extensions?.code === INTERNAL_SERVER_ERROR &&
      (isTooManyVariableErrors(chain.at(-1)) || isArgumentRefused(chain.at(-1)))
    ) {
      // graphql-js refuses the variables (after its `maxErrors`) or an argument's value with errors
      // Apollo cannot tell from a fault of ours.
      result = { ...formatted, extensions: { ...formatted.extensions, code: ApolloServerErrorCode.BAD_USER_INPUT } };
    } else if (formatted.extensions?.code === INTERNAL_SERVER_ERROR && isClientStatus(error)) {
      // Apollo refuses some requests with a 4xx status but no code (a persisted query whose hash does not match).
      result = { ...formatted, extensions: { ...formatted.extensions, code: ApolloServerErrorCode.BAD_REQUEST } };
    } else if (formatted.extensions?.code === INTERNAL_SERVER_ERROR) {
      const original = chain.at(-1);
      (request?.log ?? policy.log).error({ err: original, path: formatted.path }, `unexpected error: ${(original as Error)?.message}`);
      result = policy.includeStacktrace
        ? formatted
        : {
            message: maskedMessage(request?.id ?? "unknown"),
            ...(formatted.locations ? { locations: formatted.locations } : {}),
            ...(formatted.path ? { path: formatted.path } : {}),
            extensions: { code: INTERNAL_SERVER_ERROR, ...(request ? { requestId: request.id } : {}) },
          };
    } else {
      result = policy.hideSuggestions
        ? { ...formatted, message: withoutSuggestions(formatted.message) }
        : withHints(formatted, policy.schema);
    }
    request?.errorCodes.push(String(result.extensions?.code));
    return result;
  };
}

/**
 * Host headers (with the scheme) already found to make a valid URL. Bounded by
 * bytes as well as by count, whatever the headers sent: at most 256 of them, and
 * only those of up to 300 characters (a DNS name has at most 253), so what they hold
 * is bounded; a longer one is checked every time it comes, which is cheap.
 */
export class KnownHosts {
  static readonly MAX_HOSTS = 256;
  static readonly MAX_LENGTH = 300;
  private readonly hosts = new Set<string>();

  has(key: string): boolean {
    return this.hosts.has(key);
  }

  add(key: string): void {
    if (key.length > KnownHosts.MAX_LENGTH) return;
    if (this.hosts.size >= KnownHosts.MAX_HOSTS) this.hosts.clear();
    this.hosts.add(key);
  }

  /** Characters held (each key once). */
  get length(): number {
    let n = 0;
    for (const key of this.hosts) n += key.length;
    return n;
  }
}

/** The URL a request's protocol and Host header make, or null when no URL can hold them. */
export function hostUrl(protocol: string, host: string): URL | null {
  const text = `${protocol}://${host}/`;
  return URL.canParse(text) ? new URL(text) : null;
}

/**
 * Errors outside GraphQL (unreadable JSON, body too large, wrong content type,
 * unknown route or method) in the same shape; a request that reached Apollo
 * with request errors only is answered 200 when the client accepts only
 * `application/json`, as the spec asks of that legacy media type.
 */
export function registerHttpErrors(app: FastifyInstance): void {
  // The Apollo integration builds a URL from the Host header; one no URL can hold would throw there.
  // Clients send the same few Host headers again and again: the good ones are remembered.
  const goodHosts = new KnownHosts();
  app.addHook("onRequest", (request, _reply, done) => {
    const key = `${request.protocol}://${request.host}`;
    if (goodHosts.has(key)) return done();
    if (hostUrl(request.protocol, request.hostname) === null)
      return done(Object.assign(new Error("Malformed Host header."), { statusCode: 400 }));
    goodHosts.add(key);
    done();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const record = recordOf(request);
    const code = status >= 500 ? INTERNAL_SERVER_ERROR : (HTTP_ERROR_CODES[status] ?? ApolloServerErrorCode.BAD_REQUEST);
    record.errorCodes.push(code);
    if (status >= 500) request.log.error({ err: error }, `unexpected error: ${error.message}`);
    const message = status >= 500 ? maskedMessage(record.id) : error.message;
    void reply
      .code(status)
      .type("application/json; charset=utf-8")
      .send({ errors: [{ message, extensions: { code, ...(status >= 500 ? { requestId: record.id } : {}) } }] });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    const known = path === "/graphql";
    const code = known ? "METHOD_NOT_ALLOWED" : "NOT_FOUND";
    recordOf(request).errorCodes.push(code);
    if (known) void reply.header("allow", ALLOW);
    void reply
      .code(known ? 405 : 404)
      .type("application/json; charset=utf-8")
      .send({
        errors: [
          {
            message: known
              ? `Method ${request.method} is not allowed on /graphql; use GET or POST.`
              : "Not found. GraphQL is served at /graphql.",
            extensions: { code },
          },
        ],
      });
  });

  app.addHook("onSend", (request, reply, payload, done) => {
    if (reply.statusCode < 400) return done(null, payload);
    const record = recordOf(request);
    // Apollo refuses a malformed request before any plugin sees it; its codes are only in the answer.
    if (record.errorCodes.length === 0) record.errorCodes.push(...errorCodesOf(payload));
    const type = String(reply.getHeader("content-type") ?? "");
    if (record.requestErrorsOnly && reply.statusCode === 400 && type.startsWith("application/json")) void reply.code(200);
    done(null, payload);
  });
}

/** `extensions.code` of each error in a GraphQL answer's JSON text. */
function errorCodesOf(payload: unknown): string[] {
  if (typeof payload !== "string") return [];
  try {
    const { errors } = JSON.parse(payload) as { errors?: { extensions?: { code?: unknown } }[] };
    return Array.isArray(errors) ? errors.map((e) => String(e?.extensions?.code)) : [];
  } catch {
    return [];
  }
}
