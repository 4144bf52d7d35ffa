/**
 * Bounds on connections, so that clients who connect and then stay silent,
 * send their headers or body a byte at a time, or simply open many sockets,
 * cannot hold the process's sockets and file descriptors: four timeouts and a
 * cap on open connections. The server is built here (Fastify's
 * `serverFactory`) so that every listening socket has all of them: Fastify
 * builds the extra servers it opens for `localhost` without its server options.
 *
 * What the server cannot answer through Fastify (a request over a timeout,
 * headers over Node's size limit, a connection over the cap) gets a complete
 * HTTP answer in the usual `{ errors: [...] }` shape, with an `x-request-id`,
 * written to the socket before it is closed.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyServerFactory } from "fastify";
import { randomUUID } from "node:crypto";
import { createServer, maxHeaderSize, STATUS_CODES, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type Config, DEFAULTS } from "../config";
import type { Lifecycle } from "./lifecycle";

/** Bounds on connections (config.ts describes each; the README says why the defaults). */
export type ConnectionLimits = Config["connections"];

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = Object.freeze({ ...DEFAULTS.connections });

/** Seconds a refused client is asked to wait: long enough for idle connections to time out or requests in flight to end. */
export const RETRY_AFTER_SECONDS = 5;
/** How long a refused connection is kept, reading and dropping what the client sends, so that closing it does not reset the answer away. */
const REFUSAL_LINGER_MS = 2_000;

/**
 * Node checks the header and request timeouts on an interval (30 s unless told),
 * so a timeout of 10 s could take 40; checking four times per shortest timeout,
 * at most once a second, keeps them close to what is configured.
 */
function checkingInterval(limits: ConnectionLimits): number {
  return Math.max(10, Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
}

interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** A whole HTTP answer in our error shape, for writing straight to a socket; the connection closes after it. */
function rawErrorAnswer(requestId: string, { status, code, message }: Refusal, extra: Record<string, string> = {}): string {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  const headers = {
    date: new Date().toUTCString(),
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    connection: "close",
    "x-request-id": requestId,
    ...extra,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`;
}

/**
 * Fastify's `serverFactory`: Node's HTTP server with the timeouts and the
 * connection cap. `log` gives the app's logger once Fastify has made it;
 * `lifecycle` tracks its connections for the drain.
 */
export function boundedServerFactory(
  limits: ConnectionLimits,
  log: () => FastifyBaseLogger,
  lifecycle?: Lifecycle,
): FastifyServerFactory<Server> {
  return (handler) => {
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: checkingInterval(limits),
      },
      handler,
    );
    server.timeout = limits.idleTimeoutMs;
    capConnections(server, limits.maxConnections, log);
    lifecycle?.attach(server);
    return server;
  };
}

/**
 * Lets at most `max` connections in at once. Node's `maxConnections` would
 * close the extra ones without a word; here one over the cap gets a 503 with
 * `retry-after` instead, and never reaches the HTTP parser. Node's own
 * connection listener (the parser) is called only for connections let in, so
 * this must run before anything else listens for connections.
 */
function capConnections(server: Server, max: number, log: () => FastifyBaseLogger): void {
  const accept = server.listeners("connection") as ((this: Server, socket: Socket) => void)[];
  server.removeAllListeners("connection");
  let open = 0;
  let refused = 0;
  server.on("connection", (socket: Socket) => {
    if (open >= max) {
      // One line when refusing starts, one when it ends: a flood of connections is not a flood of log lines.
      if (refused++ === 0) log().warn({ maxConnections: max }, "connection cap reached: refusing new connections with 503");
      return refuse(socket, max);
    }
    if (refused > 0) {
      log().info({ maxConnections: max, refused }, "accepting connections again");
      refused = 0;
    }
    open++;
    socket.once("close", () => open--);
    for (const listener of accept) listener.call(server, socket);
  });
}

/** Answers a connection over the cap with a 503 and closes it. */
function refuse(socket: Socket, max: number): void {
  socket.on("error", () => {}); // a client gone before its answer is no concern of ours
  socket.setTimeout(REFUSAL_LINGER_MS, () => socket.destroy());
  socket.resume(); // read and drop the request, so that closing sends no reset
  const refusal = {
    status: 503,
    code: "TOO_MANY_CONNECTIONS",
    message: `The server is at its limit of ${max} open connections; retry in ${RETRY_AFTER_SECONDS} seconds.`,
  };
  socket.end(rawErrorAnswer(randomUUID(), refusal, { "retry-after": String(RETRY_AFTER_SECONDS) }));
}

/** The answer to an error Node reports on a connection before any request exists, by Node's error code. */
function clientErrorRefusal(error: NodeJS.ErrnoException, limits: ConnectionLimits): Refusal {
  switch (error.code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return {
        status: 408,
        code: "REQUEST_TIMEOUT",
        message: `The request was not received in time: headers within ${limits.headersTimeoutMs} ms, the whole request within ${limits.requestTimeoutMs} ms.`,
      };
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        code: "REQUEST_HEADER_FIELDS_TOO_LARGE",
        message: `The request line and headers are over ${maxHeaderSize} bytes; send a long query by POST.`,
      };
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return { status: 413, code: "PAYLOAD_TOO_LARGE", message: "The request's chunk extensions are too large." };
    default:
      return { status: 400, code: "BAD_REQUEST", message: "Malformed HTTP request." };
  }
}

/**
 * Fastify's `clientErrorHandler`: a request that timed out, or that Node's
 * parser refused (headers over its size limit, malformed HTTP), gets its answer
 * in our shape instead of Fastify's, then the connection is closed.
 */
export function clientErrorHandler(limits: ConnectionLimits) {
  return function (this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    // An answer already under way on this connection cannot be followed by another (Node's own rule).
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = clientErrorRefusal(error, limits);
    const id = randomUUID();
    this.log.info(
      { reqId: id, status: refusal.status, outcome: "rejected", errorCodes: [refusal.code], reason: error.code },
      "request refused before parsing",
    );
    socket.end(rawErrorAnswer(id, refusal), () => socket.destroy());
  };
}
