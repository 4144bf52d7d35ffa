/**
 * Prepared operations: a request for an operation Apollo has answered cleanly before runs its
 * compiled form (request/compiled.ts) without Apollo's per-request pipeline, which on a small
 * query costs more than executing it (parsing the body again, the document store, validation,
 * a dozen plugin hooks, the response's head). What that pipeline decides is fixed for one
 * query text, operation name, `accept` and `content-type`, and learnt from Apollo's clean
 * answer: the document, that it validates, its operation's name, the answer's head. What
 * depends on the variables is done again for every request, the same way: the cost estimate
 * and its limits, the rate limit's points, the variables' coercion (by graphql-jit, as
 * graphql-js does), and the answer, written as Apollo writes it (`{"data":…,"extensions":{"cost":…}}`
 * and a newline).
 *
 * Anything else goes to Apollo, which answers it as it would have: a request in any other
 * shape (persisted queries, `extensions`, a federated trace), an estimate over a limit, a
 * client out of points, and a compiled run with errors (its operation then stays with Apollo
 * and graphql-js, as request/compiled.ts does, and its points are not spent twice).
 * test/fuzz/differential.test.ts holds these answers to graphql-js's byte for byte.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { DocumentNode } from "graphql";
import type { CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import { costExtension } from "../request/apollo-plugins";
import type { CompiledExecution, ExecutionObserver } from "../request/compiled";
import type { ServedContext } from "../request/context";
import type { CostModel } from "../request/cost";
import type { Limits } from "../request/limits";
import { pointsFor, type CostRateLimit } from "../request/rate-limit";
import { documentSize } from "./document-store";
import { recordOf } from "./request-scope";
import { answerHeaders, isCleanAnswer } from "./response-cache";

/** Bytes of prepared operations kept at most, by their keys and documents (which they keep alive). */
export const PREPARED_BYTES = 8 * 2 ** 20;

interface Prepared {
  document: DocumentNode;
  /** The request's operation name, as graphql-jit takes it. */
  operationName: string | null;
  compiled: CompiledQuery;
  /** The head of Apollo's answer: content-type, cache-control, vary. */
  headers: Record<string, string>;
  /** The operation's name, for the request log line. */
  loggedName: string | null;
}

/** A POST body in the one shape prepared here: `query`, and maybe `operationName` and `variables`, nothing else. */
interface PlainBody {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const KEY = Symbol("preparedKey");
type Tagged = FastifyRequest & { [KEY]?: string | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function plainBody(body: unknown): PlainBody | null {
  if (!isRecord(body) || typeof body.query !== "string") return null;
  for (const name in body) if (name !== "query" && name !== "operationName" && name !== "variables") return null;
  const { operationName, variables } = body;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return null;
  return body as unknown as PlainBody;
}

/** The key of a request's operation, or null when it is not one to prepare. */
function keyOf(request: FastifyRequest, path: string): string | null {
  if (request.method !== "POST" || request.routeOptions.url !== path) return null;
  if (request.headers["apollo-federation-include-trace"] !== undefined) return null;
  const body = plainBody(request.body);
  if (!body) return null;
  // Apollo reads a name that is not a string as none; "" is a name (of no operation).
  const name = typeof body.operationName === "string" ? `=${body.operationName}` : "";
  return `${request.headers.accept ?? ""}\n${request.headers["content-type"] ?? ""}\n${name}\n${body.query}`;
}

export interface PreparedOptions {
  path: string;
  compiled: CompiledExecution;
  costs: CostModel;
  limits: Pick<Limits, "maxCost" | "maxIntrospectionCost">;
  rateLimit: CostRateLimit | null;
  /** The context Apollo would make for the request (server.ts). */
  contextFor: (request: FastifyRequest) => ServedContext;
  onExecution?: ExecutionObserver;
  maxBytes?: number;
}

export class PreparedOperations {
  private readonly operations: LRUCache<string, Prepared>;

  constructor(private readonly options: PreparedOptions) {
    const maxBytes = options.maxBytes ?? PREPARED_BYTES;
    this.operations = new LRUCache({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      sizeCalculation: (prepared, key) => key.length + documentSize(prepared.document),
    });
  }

  get size(): number {
    return this.operations.size;
  }

  /** Answers the request without Apollo; false when Apollo must (nothing sent, nothing spent). */
  private async answer(request: Tagged, reply: FastifyReply, prepared: Prepared): Promise<boolean> {
    const { costs, limits, rateLimit, contextFor } = this.options;
    const body = request.body as PlainBody;
    const variables = body.variables ?? {};
    const estimate = costs.estimate(prepared.document, prepared.operationName, variables, body.query);
    if (!estimate || !Number.isFinite(estimate.cost + estimate.introspection)) return false;
    if (estimate.cost > limits.maxCost || estimate.introspection > limits.maxIntrospectionCost) return false;
    const points = pointsFor(estimate.cost, estimate.introspection);
    const record = recordOf(request);
    if (rateLimit) {
      const state = await rateLimit.spend(record.client, points);
      // Refused, nothing spent: Apollo refuses it in the shape of every refusal.
      if (!state.allowed) return false;
      record.points = points;
      record.rateLimitHeaders = rateLimit.headers(state);
      record.spent = true;
    }
    const context = contextFor(request);
    let result: Awaited<ReturnType<CompiledQuery["query"]>> | undefined;
    try {
      context.loaders.checkDeadline();
      result = await prepared.compiled.query(undefined, context, variables);
    } catch {
      // Apollo answers it below, and reports what it meets.
    }
    if (!result || result.errors) {
      // Apollo answers it, and graphql-js runs the operation from now on, as request/compiled.ts
      // decides: not for variables refused before any resolver ran (no `data`).
      if (!result || "data" in result) {
        this.operations.delete(request[KEY]!);
        this.options.compiled.drop(prepared.document, prepared.operationName);
      }
      return false;
    }
    this.options.onExecution?.("prepared");
    record.operationName = prepared.loggedName;
    record.document = prepared.document;
    const answer = `${JSON.stringify({ data: result.data, extensions: { cost: costExtension(estimate, limits, points) } })}\n`;
    void reply.code(200).headers(prepared.headers).send(answer);
    return true;
  }

  /** Adds the prepared path to `app`, after the response cache (whose replay comes first). */
  install(app: FastifyInstance): void {
    const { path, compiled } = this.options;
    app.addHook("preHandler", (request: Tagged, reply, done) => {
      const key = keyOf(request, path);
      request[KEY] = key;
      const prepared = key === null ? undefined : this.operations.get(key);
      if (!prepared) return done();
      this.answer(request, reply, prepared).then(
        (answered) => {
          if (!answered) done();
        },
        (error: Error) => done(error),
      );
    });
    // Learns from Apollo's clean answers the operations to prepare.
    app.addHook("onSend", (request: Tagged, reply, payload, done) => {
      const key = request[KEY];
      if (key && !this.operations.has(key) && isCleanAnswer(reply, payload)) {
        const record = recordOf(request);
        const body = request.body as PlainBody;
        const operationName = typeof body.operationName === "string" ? body.operationName : null;
        const document = record.document;
        const compiledQuery = document && compiled.compiledOperation(document, operationName);
        if (document && compiledQuery) {
          this.operations.set(key, {
            document,
            operationName,
            compiled: compiledQuery,
            headers: answerHeaders(reply),
            loggedName: record.operationName,
          });
        }
      }
      done(null, payload);
    });
  }
}
