/**
 * Liveness, readiness and the drain: how a replica leaves without dropping an answer.
 *
 * - `GET /health` is liveness: 200 while the process is up, `{"status":"ok"}`, or
 *   `{"status":"draining"}` once it is shutting down (nothing to restart: it is leaving).
 * - `GET /ready` is readiness: 200 `{"status":"ready"}` while the replica serves (its facts are
 *   loaded before it listens), 503 `{"status":"draining"}` from the moment it starts to shut down,
 *   so that a load balancer stops sending it requests.
 * - `drain()` first keeps accepting for a delay while `/ready` says no (the load balancer's time
 *   to notice), then stops accepting, closes idle connections, lets every request in flight
 *   finish and be written whole, closes each busy connection after its answer, and resolves when
 *   the last connection is gone, or cuts what is left after a timeout.
 *
 * Node's own `closeIdleConnections()` (which `server.close()` calls) destroys a socket as soon as
 * its answer is ended, while a large answer may still be waiting to be written: the server's is
 * replaced with one that waits for the answer to be written out.
 */
import type { FastifyInstance } from "fastify";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type Phase = "serving" | "draining";

declare module "fastify" {
  interface FastifyInstance {
    /** Health, readiness and the drain (http/lifecycle.ts). */
    lifecycle: Lifecycle;
  }
}

export interface DrainOptions {
  /** Milliseconds the server keeps accepting while `/ready` answers 503. */
  delayMs: number;
  /** Milliseconds in-flight requests get, once the server stops accepting, before their connections are cut. */
  timeoutMs: number;
}

export interface DrainOutcome {
  /** Whether every connection closed by itself, each after its last answer was written. */
  drained: boolean;
  /** Connections cut at the timeout. */
  cut: number;
}

/** Bytes a socket had read when its last answer was done: more since means a request is arriving. */
const readWhenIdle = new WeakMap<Socket, number>();

export class Lifecycle {
  #phase: Phase = "serving";
  /** Set once the server stops accepting: from then on a connection closes as soon as it is idle. */
  #closing = false;
  readonly #sockets = new Set<Socket>();

  get phase(): Phase {
    return this.#phase;
  }

  /** Tracks `server`'s connections and its requests, and gives it the idle check that waits for answers to be written. */
  attach(server: Server): void {
    server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      readWhenIdle.set(socket, 0);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
      const socket = response.socket;
      if (!socket) return;
      // Node emits `close` on the response once its answer is written and the socket is free again.
      response.once("close", () => {
        readWhenIdle.set(socket, socket.bytesRead);
        if (this.#closing) this.#closeIfIdle(socket);
      });
    });
    server.closeIdleConnections = () => {
      this.#closing = true;
      for (const socket of this.#sockets) this.#closeIfIdle(socket);
    };
  }

  /** Closes `socket` when it is neither receiving a request, nor answering one, nor writing an answer out. */
  #closeIfIdle(socket: Socket): void {
    const answering = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (answering || socket.bytesRead !== readWhenIdle.get(socket)) return;
    if (socket.writableLength > 0) socket.once("drain", () => this.#closeIfIdle(socket));
    else socket.destroy();
  }

  /** `GET /health`, `GET /ready`, and `connection: close` on every answer once the server stops accepting. */
  install(app: FastifyInstance): void {
    app.get("/health", async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return { status: this.#phase === "serving" ? "ok" : "draining" };
    });
    app.get("/ready", async (_request, reply) => {
      reply.header("cache-control", "no-store");
      if (this.#phase === "serving") return { status: "ready" };
      return reply.code(503).send({ status: "draining" });
    });
    // A callback hook, not an async one: every answer passes it, and all but a draining server's go straight on.
    app.addHook("onSend", (_request, reply, payload, done) => {
      if (this.#closing && !reply.raw.headersSent) reply.header("connection", "close");
      done(null, payload);
    });
  }

  /** Turns not-ready, waits `delayMs`, stops accepting and waits for the requests in flight (see above). */
  async drain(app: FastifyInstance, { delayMs, timeoutMs }: DrainOptions): Promise<DrainOutcome> {
    this.#phase = "draining";
    if (delayMs > 0) await sleep(delayMs);
    let timer: NodeJS.Timeout | undefined;
    const closed = app.close().then(() => true);
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = await Promise.race([closed, late]);
    clearTimeout(timer);
    if (drained) return { drained, cut: 0 };
    const cut = this.#sockets.size;
    for (const socket of this.#sockets) socket.destroy();
    return { drained, cut };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
