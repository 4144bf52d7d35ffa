/**
 * A local Apollo Gateway over a supergraph SDL (what `npm run supergraph` writes):
 * @apollo/gateway plans each query across the subgraphs and Apollo Server serves it.
 * For trying the supergraph on one machine; production runs Apollo Router over the same file.
 * Errors are masked as the subgraph masks them (http/errors.ts): a subgraph that cannot be
 * reached or fails is INTERNAL_SERVER_ERROR with a request id, its message and stack go to the log.
 */
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import type { FastifyBaseLogger } from "fastify";
import pino from "pino";
import { DEFAULT_LIMITS } from "../../src/request/limits";
import { createFormatError } from "../../src/http/errors";
import { requestIdOf } from "../../src/http/request-scope";
import { link, type RequestRecord } from "../../src/request/record";

export interface Gateway {
  /** The gateway's GraphQL endpoint. */
  url: string;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  supergraphSdl: string;
  port: number;
  host: string;
  /** Where its log lines go; JSON lines on stdout at "info" by default. */
  logger?: FastifyBaseLogger;
  /** Development: field suggestions stay in error messages. */
  development?: boolean;
  /** Development only: unmasked messages and stack traces in error responses. */
  includeStacktrace?: boolean;
}

interface GatewayContext {
  request: RequestRecord;
}

/** Links every error to its request before Apollo formats it, so the masked answer and the log line share an id. */
const linkErrors: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) link(error, contextValue.request);
      },
    };
  },
};

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.logger ?? (pino({ level: "info" }) as FastifyBaseLogger);
  const includeStacktrace = options.includeStacktrace ?? false;
  const server = new ApolloServer<GatewayContext>({
    gateway: new ApolloGateway({ supergraphSdl: options.supergraphSdl, logger: log }),
    logger: log,
    introspection: true,
    // Whoever starts the gateway stops it on a signal: Apollo's own handler would race that stop.
    stopOnTerminationSignals: false,
    // Apollo's default follows NODE_ENV, which `npm run gateway` does not set: stacks with file paths.
    includeStacktraceInErrorResponses: includeStacktrace,
    formatError: createFormatError({
      includeStacktrace,
      hideSuggestions: !options.development,
      log,
      maxTokens: DEFAULT_LIMITS.maxTokens,
    }),
    plugins: [linkErrors],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host },
    context: async ({ req, res }) => {
      const id = requestIdOf(req.headers["x-request-id"]);
      res.setHeader("x-request-id", id);
      return {
        request: {
          id,
          client: req.socket.remoteAddress ?? "",
          log: log.child({ reqId: id }),
          operationName: null,
          errorCodes: [],
          requestErrorsOnly: false,
        },
      };
    },
  });
  return { url, stop: () => server.stop() };
}
