/**
 * Prepared operations: a request for an operation Apollo has answered cleanly before runs its
 * compiled form (compiled.ts) without Apollo's per-request pipeline, which on a small
 * query costs more than executing it (parsing the body again, the document store, validation,
 * a dozen plugin hooks, the response's head). What that pipeline decides is fixed for one
 * query text, operation name, `accept` and `content-type`, and learnt from Apollo's clean
 * answer: the document, that it validates, its operation's name, the answer's head. What
 * depends on the variables is done again for every request, the same way: the cost estimate
 * and its limits, the rate limit's points, the variables' coercion (by graphql-jit, as
 * graphql-js does), and the answer, written as Apollo writes it (`{"data":…,"extensions":{"cost":…}}`
 * and a newline).
 *
 * Prepared: a POST's JSON body or a GET's parameters, with `extensions` absent or without a
 * persisted query (Apollo Client 4 sends its name there), so Apollo Client, urql's GETs and Relay
 * are all served here. Anything else goes to Apollo, which answers it as it would have: another
 * shape (persisted queries, a parameter twice, a federated trace), variables over their bounds
 * (request/variables.ts), an estimate over a limit or out of time, a client out of points,
 * variables that do not fit, and a compiled run with errors (its operation then stays with Apollo
 * and graphql-js, as compiled.ts does, and its points are not spent twice).
 * test/fuzz/differential.test.ts holds these answers to graphql-js's byte for byte.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { DocumentNode } from "graphql";
import type { CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import { costExtension } from "../request/apollo-plugins";
import { keepsOut, ranOutOfTime, type CompiledExecution, type ExecutionObserver } from "./compiled";
import { checkDeadline } from "../loaders";
import type { ServedContext } from "../request/context";
import type { RequestRecord } from "../request/record";
import type { CostModel, Estimate } from "../request/cost";
import type { Limits } from "../request/limits";
import { pointsFor, type CostRateLimit } from "../request/rate-limit";
import { checkVariables, type VariableLimits } from "../request/variables";
import { documentSize } from "./document-size";
import { recordOf } from "../http/request-scope";
import { answerHeaders, isCleanAnswer } from "./response-cache";

interface Prepared {
  document: DocumentNode;
  /** The request's operation name, as graphql-jit takes it. */
  operationName: string | null;
  compiled: CompiledQuery;
  /** The head of Apollo's answer: content-type, cache-control, vary. */
  headers: Record<string, string>;
  /** The operation's name, for the request log line. */
  loggedName: string | null;
  /** Its estimates by the variables' JSON, a few short ones (`costedOf`). */
  estimates: Map<string, Costed | null>;
}

/** An estimate, with what the answer reports of it: the rate limit's points and `extensions.cost` as JSON. */
interface Costed {
  estimate: Estimate;
  points: number;
  costJson: string;
}

/** Estimates a prepared operation keeps, and the longest variables' JSON they are kept for. */
const KEPT_ESTIMATES = 8;
const KEPT_VARIABLES_LENGTH = 256;
/** Prepared operations kept for one query text: its clients' methods, `accept`, `content-type` and operation names. */
const KEPT_HEADS = 8;

/**
 * The estimate of a prepared operation for these variables, with its points and its report; null
 * when it has none (variables that do not fit) or an infinite one. The cost model remembers
 * estimates by query text, operation and variables; an operation that is prepared already names
 * the first two, so the few variables clients send again and again are looked up by themselves,
 * without making and hashing a key that holds the whole query text on every request.
 */
function costedOf(options: PreparedOptions, operation: Operation, prepared: Prepared, checkDeadline: () => void): Costed | null {
  const { variables } = operation;
  const compute = (): Costed | null => {
    const { costs, limits } = options;
    const estimate = costs.estimate(prepared.document, prepared.operationName, variables, operation.query, checkDeadline);
    if (!estimate || !Number.isFinite(estimate.cost + estimate.introspection)) return null;
    const points = pointsFor(estimate.cost, estimate.introspection);
    return { estimate, points, costJson: JSON.stringify(costExtension(estimate, limits, points)) };
  };
  const key = JSON.stringify(variables);
  if (key.length > KEPT_VARIABLES_LENGTH) return compute();
  const known = prepared.estimates.get(key);
  if (known !== undefined) return known;
  const costed = compute();
  if (prepared.estimates.size >= KEPT_ESTIMATES) prepared.estimates.clear();
  prepared.estimates.set(key, costed);
  return costed;
}

/** A request's operation, read as Apollo reads it (its `runHttpQuery`), when it is in a shape prepared here. */
interface Operation {
  /**
   * What else fixes Apollo's answer beside the query text: method, `accept`, `content-type` and
   * operation name. Operations are kept by query text first, then by this: the query text, a
   * string parsed from this request's body, is hashed once, and never copied into a longer key.
   */
  head: string;
  query: string;
  /** As graphql-jit takes it: Apollo reads a name that is not a string as none. */
  operationName: string | null;
  variables: Record<string, unknown>;
}

const OPERATION = Symbol("preparedOperation");
type Tagged = FastifyRequest & { [OPERATION]?: Operation | null };

/** Where a request's record keeps the document Apollo ran for it: what a clean answer is learnt with. */
const RAN = Symbol("ranDocument");
type Noted = RequestRecord & { [RAN]?: DocumentNode };

/** Notes the document Apollo runs for the request of `context` (compiled.ts calls it on every run). */
export function noteDocument(context: object, document: DocumentNode): void {
  const record: Noted | undefined = (context as ServedContext).request;
  if (record) record[RAN] = document;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * `extensions` as prepared: none, or an object without a persisted query (Apollo Client 4 sends its
 * name and version there, which Apollo reads only for usage reporting, which is off).
 */
function plainExtensions(extensions: unknown): boolean {
  return extensions === undefined || extensions === null || (isRecord(extensions) && !("persistedQuery" in extensions));
}

/** A POST's `{ query, operationName?, variables?, extensions? }`; anything Apollo would refuse or treat otherwise is null. */
function postedOperation(body: unknown): Omit<Operation, "head"> | null {
  if (!isRecord(body) || typeof body.query !== "string") return null;
  const { query, operationName, variables, extensions } = body;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return null;
  if (!plainExtensions(extensions)) return null;
  return { query, operationName: typeof operationName === "string" ? operationName : null, variables: variables ?? {} };
}

/** A GET's `?query=…&operationName=…&variables=…&extensions=…`, each at most once, JSON where Apollo parses JSON. */
function gotOperation(request: FastifyRequest): Omit<Operation, "head"> | null {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(new URL(request.url, "http://localhost/").search);
  } catch {
    return null; // Apollo reads it, and answers as it would
  }
  const one = (name: string): string | undefined | null => {
    const values = params.getAll(name);
    return values.length > 1 ? null : values[0];
  };
  const query = one("query");
  const operationName = one("operationName");
  const variablesText = one("variables");
  const extensionsText = one("extensions");
  if (typeof query !== "string" || operationName === null || variablesText === null || extensionsText === null) return null;
  try {
    const variables: unknown = variablesText === undefined ? undefined : JSON.parse(variablesText);
    const extensions: unknown = extensionsText === undefined ? undefined : JSON.parse(extensionsText);
    if ((variables !== undefined && !isRecord(variables)) || (extensions !== undefined && !isRecord(extensions))) return null;
    if (!plainExtensions(extensions)) return null;
    return { query, operationName: operationName ?? null, variables: variables ?? {} };
  } catch {
    return null;
  }
}

/** The request's operation, or null when it is not one to prepare. */
function operationOf(request: FastifyRequest, path: string): Operation | null {
  if (request.routeOptions.url !== path) return null;
  if (request.headers["apollo-federation-include-trace"] !== undefined) return null;
  const operation = request.method === "POST" ? postedOperation(request.body) : request.method === "GET" ? gotOperation(request) : null;
  if (!operation) return null;
  // "" is a name (of no operation), apart from none.
  const name = operation.operationName === null ? "" : `=${operation.operationName}`;
  const { query, operationName, variables } = operation;
  const head = `${request.method}\n${request.headers.accept ?? ""}\n${request.headers["content-type"] ?? ""}\n${name}`;
  return { head, query, operationName, variables };
}

export interface PreparedOptions {
  path: string;
  compiled: CompiledExecution;
  costs: CostModel;
  limits: Pick<Limits, "maxCost" | "maxIntrospectionCost"> & VariableLimits;
  rateLimit: CostRateLimit | null;
  /** The context Apollo would make for the request (server.ts). */
  contextFor: (request: FastifyRequest) => ServedContext;
  onExecution?: ExecutionObserver;
  /** Bytes of prepared operations kept at most, counted by their query texts, heads and documents (which they keep alive): `PREPARED_MB`. */
  maxBytes: number;
}

export class PreparedOperations {
  /** By query text, then by the rest of what fixes Apollo's answer (`Operation.head`); a group is replaced, never changed, so that its size is counted again. */
  private readonly operations: LRUCache<string, ReadonlyMap<string, Prepared>>;

  constructor(private readonly options: PreparedOptions) {
    const { maxBytes } = options;
    this.operations = new LRUCache({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      // The kept estimates add at most KEPT_ESTIMATES × (KEPT_VARIABLES_LENGTH + an entry's 100 bytes).
      sizeCalculation: (group, query) => {
        let size = query.length;
        for (const [head, prepared] of group)
          size += head.length + documentSize(prepared.document) + KEPT_ESTIMATES * (KEPT_VARIABLES_LENGTH + 100);
        return size;
      },
    });
  }

  private preparedFor(operation: Operation): Prepared | undefined {
    return this.operations.get(operation.query)?.get(operation.head);
  }

  /** Keeps `prepared` for `operation`, beside at most KEPT_HEADS - 1 others of its query text (the oldest goes). */
  private keep(operation: Operation, prepared: Prepared): void {
    const group = new Map(this.operations.peek(operation.query));
    if (group.size >= KEPT_HEADS) group.delete(group.keys().next().value!);
    this.operations.set(operation.query, group.set(operation.head, prepared));
  }

  /** Answers the request without Apollo; false when Apollo must (nothing sent, nothing spent). */
  private async answer(request: FastifyRequest, reply: FastifyReply, operation: Operation, prepared: Prepared): Promise<boolean> {
    const { limits, rateLimit, contextFor } = this.options;
    const { variables } = operation;
    // Variables over their bounds are refused by Apollo, before anything here walks them.
    if (checkVariables(variables, limits)) return false;
    const record = recordOf(request);
    // The deadline is the request's from its arrival; its context is made only once it runs here.
    const deadline = () => checkDeadline(record.deadline);
    let costed: Costed | null;
    try {
      costed = costedOf(this.options, operation, prepared, deadline);
    } catch (error) {
      // Out of time while estimating: Apollo answers it as it answers every timeout.
      if (ranOutOfTime(error)) return false;
      throw error;
    }
    if (!costed) return false;
    const { estimate, points } = costed;
    if (estimate.cost > limits.maxCost || estimate.introspection > limits.maxIntrospectionCost) return false;
    if (rateLimit) {
      const state = await rateLimit.spend(record.client, points);
      // Refused, nothing spent: Apollo refuses it in the shape of every refusal.
      if (!state.allowed) return false;
      record.points = points;
      // Set, they also tell Apollo's admission that the request has paid (request/apollo-plugins.ts).
      record.rateLimitHeaders = rateLimit.headers(state);
    }
    const context = contextFor(request);
    let result: Awaited<ReturnType<CompiledQuery["query"]>>;
    try {
      context.loaders.checkDeadline();
      result = await prepared.compiled.query(undefined, context, variables);
    } catch (error) {
      // Apollo answers it, and reports what it meets.
      if (!ranOutOfTime(error)) this.dropOut(operation, prepared);
      return false;
    }
    if (result.errors || result.data === undefined) {
      // Apollo answers it, and graphql-js runs the operation from now on when compiled.ts would.
      if (keepsOut(result)) this.dropOut(operation, prepared);
      return false;
    }
    this.options.onExecution?.("prepared");
    record.operationName = prepared.loggedName;
    // The bytes of JSON.stringify({ data, extensions: { cost } }), with the report made once per estimate.
    const answer = `{"data":${JSON.stringify(result.data)},"extensions":{"cost":${costed.costJson}}}\n`;
    void reply.code(200).headers(prepared.headers).send(answer);
    return true;
  }

  /** The operation goes back to Apollo and graphql-js for good. */
  private dropOut(operation: Operation, prepared: Prepared): void {
    const group = this.operations.peek(operation.query);
    if (group?.get(operation.head) === prepared) {
      const rest = new Map(group);
      rest.delete(operation.head);
      if (rest.size === 0) this.operations.delete(operation.query);
      else this.operations.set(operation.query, rest);
    }
    this.options.compiled.drop(prepared.document, prepared.operationName);
  }

  /** Adds the prepared path to `app`, after the response cache (whose replay comes first). */
  install(app: FastifyInstance): void {
    const { path, compiled } = this.options;
    app.addHook("preHandler", (request: Tagged, reply, done) => {
      const operation = operationOf(request, path);
      request[OPERATION] = operation;
      const prepared = operation && this.preparedFor(operation);
      if (!operation || !prepared) return done();
      this.answer(request, reply, operation, prepared).then(
        (answered) => {
          if (!answered) done();
        },
        (error: unknown) => {
          // Nothing sent yet: Apollo answers it, and reports what it meets (its points, if spent, are not spent again).
          request.log.warn({ err: error }, "the prepared path failed; Apollo answers the request");
          done();
        },
      );
    });
    // Learns from Apollo's clean answers the operations to prepare.
    app.addHook("onSend", (request: Tagged, reply, payload, done) => {
      const operation = request[OPERATION];
      if (operation && !this.preparedFor(operation) && isCleanAnswer(reply, payload)) {
        const record: Noted = recordOf(request);
        const { operationName } = operation;
        const document = record[RAN];
        const compiledQuery = document && compiled.compiledOperation(document, operationName);
        if (document && compiledQuery) {
          this.keep(operation, {
            document,
            operationName,
            compiled: compiledQuery,
            headers: answerHeaders(reply),
            loggedName: record.operationName,
            estimates: new Map(),
          });
        }
      }
      done(null, payload);
    });
  }
}
