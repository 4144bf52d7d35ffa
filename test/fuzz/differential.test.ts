/**
 * Differential test: every answer the served app gives is byte for byte the answer graphql-js
 * gives, as Apollo Server would write it.
 *
 * Each generated operation (test/fuzz/operation-generator.ts, from the live schema) is sent three
 * times over HTTP to the app as served (response cache on, production settings):
 *   1st: compact JSON body, `accept: application/graphql-response+json`: a cache miss on a
 *        document new to Apollo;
 *   2nd: the same request written differently (pretty JSON, keys in another order, and
 *        `accept: application/json`): another cache key, so a miss, on a document Apollo has
 *        parsed and kept, which the server runs compiled (src/request/compiled.ts) when its
 *        1st answer had no errors, unless it is one graphql-js alone runs;
 *   3rd: the 2nd request in other bytes again (keys in the 1st's order, indented), with the 2nd's
 *        `accept`: a cache miss, which the prepared path (src/http/prepared.ts) answers without
 *        Apollo when the 2nd was clean and compiled;
 *   4th: the 2nd again: the cache's replay of the 2nd, or (an answer with errors is never
 *        cached) a run of the kept document again;
 *   but for every other operation whose URL is short enough, the 3rd and 4th go by GET, as urql
 *   sends queries: the 3rd to Apollo (a GET is new to the prepared path), the 4th, its parameters
 *   in another order and encoded otherwise (a cache miss), to the prepared path;
 *   (5th with DIFF_RUNS=5: the 1st again, the cache's replay of the 1st.)
 *   An operation with a variable named `__proto__` goes by GET every time: Fastify refuses a JSON
 *   body with that key before GraphQL sees it, on every path alike.
 * The same request sent twice would never reach a second execution: the cache answers it.
 * One operation in five is error-heavy (many values a resolver refuses), so that answers with
 * several errors, whose order depends on timing, are common enough.
 * Each answer is compared with the reference: graphql-js's `execute` on the same schema, on a
 * context of its own (`createContext`, new for every reference run), its result written as
 * Apollo writes a result (see `apolloAnswer`): status, content-type, cache-control, and the body's
 * exact bytes, but for a top-level `extensions` member (the server's cost estimate).
 *
 * Replay and tuning (every value is printed in the test's name and on failure):
 *   DIFF_SEED=<n>|random      the generator's seed (default 20230612; `random` picks one and names it)
 *   DIFF_COUNT=<n>            operations sent (default 5000)
 *   DIFF_ONLY=<i>             generate up to operation i, send only it (a failure names i)
 *   DIFF_RUNS=<4|5>           requests per operation
 *   DIFF_CONCURRENCY=<n>      operations in flight at once (default 8)
 *   DIFF_SHRINK=0             do not minimise failing operations
 */
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { FastifyBaseLogger } from "fastify";
import {
  buildClientSchema,
  execute,
  getIntrospectionQuery,
  GraphQLError,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type IntrospectionQuery,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { DEFAULT_LIMITS, exceedsTokens } from "../../src/request/limits";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { DEFAULT_CACHE_MAX_AGE } from "../../src/http/cache-policy";
import { DEFAULT_RATE_LIMIT } from "../../src/request/rate-limit";
import { createFormatError } from "../../src/http/errors";
import { link, type RequestRecord } from "../../src/request/record";
import { FIXTURES, startServer, type TestServer } from "../helpers";
import { describeUnhandled, takeUnhandled, type Unhandled } from "../setup/fail-on-unhandled";
import { CostModel } from "../../src/request/cost";
import { OperationGenerator, type GeneratedOperation } from "./operation-generator";
import { Harvest, seededRandom } from "./query-generator";

const env = process.env;
const SEED = env.DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : env.DIFF_SEED ? Number(env.DIFF_SEED) : 20230612;
const COUNT = env.DIFF_COUNT ? Number(env.DIFF_COUNT) : 5000;
const ONLY = env.DIFF_ONLY ? Number(env.DIFF_ONLY) : undefined;
const RUNS = env.DIFF_RUNS ? Math.max(4, Number(env.DIFF_RUNS)) : 4;
const CONCURRENCY = env.DIFF_CONCURRENCY ? Math.max(1, Number(env.DIFF_CONCURRENCY)) : 8;
const SHRINK = env.DIFF_SHRINK !== "0";
for (const [name, value] of Object.entries({ DIFF_SEED: SEED, DIFF_COUNT: COUNT, DIFF_RUNS: RUNS, DIFF_CONCURRENCY: CONCURRENCY })) {
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(env[name])}`);
}

/** The server's limits (src/request/limits.ts); operations are kept well inside them. */
const LIMITS = DEFAULT_LIMITS;
/**
 * What the generator may use: a margin under each limit. The cost is the server's own model
 * (src/request/cost.ts), kept to a fifth of its limit so that answers stay small and the run
 * quick; the server decides, and its refusals are counted.
 */
const BUDGET = {
  maxDepth: LIMITS.maxDepth - 1,
  maxAliases: LIMITS.maxAliases - 3,
  maxDirectives: LIMITS.maxDirectives - 10,
  maxTokens: LIMITS.maxTokens - 150,
  maxCost: LIMITS.maxCost / 5,
};
/** Refused with a limit code by the server although within BUDGET: at most this fraction. */
const MAX_REFUSED = 0.01;
/** How much more often an error-heavy operation gives values a resolver refuses. */
const ERROR_HEAVY = 10;
/** The server's cost model, over the schema it serves. */
const COSTS = new CostModel(buildGraphSchema());

const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
const JSON_TYPE = "application/json";

interface Run {
  ordinal: string;
  what: string;
  accept: string;
  /** How the body is written: the same request in other bytes. */
  body: "compact" | "pretty" | "indented";
}

const RUN_PLAN: Run[] = (
  [
    { ordinal: "1st", what: "cache miss on a new document", accept: GRAPHQL_RESPONSE_JSON, body: "compact" },
    { ordinal: "2nd", what: "cache miss (other bytes and accept) on a document seen before", accept: JSON_TYPE, body: "pretty" },
    { ordinal: "3rd", what: "cache miss (other bytes) on an operation answered cleanly: prepared", accept: JSON_TYPE, body: "indented" },
    { ordinal: "4th", what: "the 2nd request again: cache replay, or run again if it had errors", accept: JSON_TYPE, body: "pretty" },
    {
      ordinal: "5th",
      what: "the 1st request again: cache replay of the 1st, or run again if it had errors",
      accept: GRAPHQL_RESPONSE_JSON,
      body: "compact",
    },
  ] as Run[]
).slice(0, RUNS);
for (let i = RUN_PLAN.length; i < RUNS; i++)
  RUN_PLAN.push({ ...RUN_PLAN[i % 5]!, ordinal: `${i + 1}th`, what: `${RUN_PLAN[i % 5]!.what}, again` });

// ---- the reference: graphql-js, written as Apollo Server writes it -------------------------

const store = loadFacts(FIXTURES);
const referenceSchema = buildGraphSchema();
const silentLog = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => silentLog,
  level: "silent",
} as unknown as FastifyBaseLogger;
/** The app's own formatError, with the policy it serves with (server.ts: production). */
const formatError = createFormatError({
  includeStacktrace: false,
  hideSuggestions: false,
  schema: referenceSchema,
  log: silentLog,
  maxTokens: LIMITS.maxTokens,
});

interface Answer {
  status: number;
  contentType: string;
  cacheControl: string;
  body: string;
}

/** @apollo/server requestPipeline.js `isBadUserInputGraphQLError`: a variable's value could not be coerced. */
function isBadUserInputGraphQLError(error: GraphQLError): boolean {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION) return false;
  const name = node.variable.name.value;
  return ["has invalid value", "got invalid value ", "of required type ", "of non-null type "].some((p) =>
    error.message.startsWith(`Variable "$${name}" ${p}`),
  );
}

/** @apollo/server errorNormalize.js `isPartialHTTPGraphQLHead`. */
function isPartialHttpHead(x: unknown): x is { status?: number } {
  return (
    !!x &&
    typeof x === "object" &&
    (!("status" in x) || typeof x.status === "number") &&
    (!("headers" in x) || (x as { headers: unknown }).headers instanceof Map)
  );
}

/**
 * The HTTP answer Apollo Server 5 and this app make of an execution result, step by step:
 * - requestPipeline.js: an error coercing a variable becomes a `UserInputError` (BAD_USER_INPUT);
 *   errors are linked to the request's record (request/apollo-plugins.ts `didEncounterErrors`);
 * - errorNormalize.js `enrichError`: `ensureGraphQLError`, `extensions.code` defaults to
 *   INTERNAL_SERVER_ERROR, `extensions.http` is taken out (its status becomes the answer's);
 *   then the app's formatError (http/errors.ts), which masks with the request id;
 * - requestPipeline.js: errors and no data is a 400 (`status400ForVariableCoercionErrors`);
 *   request/apollo-plugins.ts and http/errors.ts make that 200 for an `application/json` client;
 * - runHttpQuery.js: content type by `accept`, `{ errors, data, extensions }` in that order
 *   (`orderExecutionResultFields`), `JSON.stringify` and a newline (`prettyJSONStringify`);
 * - http/cache-policy.ts: `max-age` without errors, `no-store` with.
 */
function apolloAnswer(result: ExecutionResult, requestId: string, accept: string): Answer {
  const record: RequestRecord = {
    id: requestId,
    client: "127.0.0.1",
    log: silentLog,
    operationName: null,
    errorCodes: [],
    requestErrorsOnly: false,
  };
  const errors = result.errors?.map((e) =>
    isBadUserInputGraphQLError(e) && e.extensions?.code == null
      ? new GraphQLError(e.message, {
          nodes: e.nodes,
          originalError: e.originalError ?? e,
          extensions: { ...e.extensions, code: ApolloServerErrorCode.BAD_USER_INPUT },
        })
      : e,
  );
  let httpStatus: number | undefined;
  const formatted = errors?.map((error): GraphQLFormattedError => {
    link(error, record);
    const graphqlError =
      error instanceof GraphQLError
        ? error
        : new GraphQLError(String((error as Error)?.message ?? error), { originalError: error as Error });
    const extensions: Record<string, unknown> = {
      ...graphqlError.extensions,
      code: graphqlError.extensions.code ?? ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
    };
    if (isPartialHttpHead(extensions.http)) {
      if (extensions.http.status) httpStatus = extensions.http.status;
      delete extensions.http;
    }
    try {
      return formatError({ ...graphqlError.toJSON(), extensions }, error);
    } catch {
      return { message: "Internal server error", extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR } };
    }
  });
  let status = httpStatus;
  if (!status && errors?.length && result.data === undefined) status = 400;
  status ??= 200;
  const contentType = `${accept}; charset=utf-8`;
  const requestErrorsOnly =
    status === 400 && result.data === undefined && !!formatted?.length && formatted.every((e) => e.extensions?.code !== "BAD_REQUEST");
  if (requestErrorsOnly && contentType.startsWith("application/json")) status = 200;
  const body = `${JSON.stringify({ errors: formatted, data: result.data, extensions: result.extensions })}\n`;
  const cacheControl = DEFAULT_CACHE_MAX_AGE > 0 && !formatted ? `max-age=${DEFAULT_CACHE_MAX_AGE}, public` : "no-store";
  return { status, contentType, cacheControl, body };
}

/** graphql-js on a fresh context, as the reference answer. */
async function reference(document: DocumentNode, op: GeneratedOperation, id: string): Promise<ExecutionResult> {
  return await execute({
    schema: referenceSchema,
    document,
    variableValues: op.variables,
    operationName: op.operationName,
    contextValue: createContext(store, id),
  });
}

// ---- comparison -------------------------------------------------------------------------------

interface Served {
  status: number;
  contentType: string;
  cacheControl: string;
  requestId: string;
  /** The body as sent. */
  raw: string;
  /** The body without its top-level `extensions` (or as sent when it has none). */
  body: string;
}

/** The served body without a top-level `extensions` member; byte for byte as sent otherwise. */
function withoutExtensions(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || !Object.hasOwn(parsed, "extensions")) return raw;
  // Re-serialising must not hide a difference elsewhere: only a body JSON.stringify wrote is taken apart.
  if (`${JSON.stringify(parsed)}\n` !== raw) return raw;
  delete (parsed as Record<string, unknown>).extensions;
  return `${JSON.stringify(parsed)}\n`;
}

/** One way an answer differs from the expected one: `kind` names it for grouping, `text` shows it. */
interface Problem {
  kind: string;
  text: string;
}

/** What differs between the expected and the served answer (empty when they agree). */
function compare(expected: Answer, served: Served, requestId: string): Problem[] {
  const problems: Problem[] = [];
  const header = (kind: string, want: string | number, got: string | number) => {
    if (want !== got) problems.push({ kind, text: `${kind}: expected ${want}, served ${got}` });
  };
  header("status", expected.status, served.status);
  header("content-type", expected.contentType, served.contentType);
  header("cache-control", expected.cacheControl, served.cacheControl);
  header("x-request-id", requestId, served.requestId);
  if (served.body !== expected.body) {
    const { text, kinds } = bodyDiff(expected.body, served.body);
    problems.push({ kind: `body(${kinds.join(",")})`, text: `body:\n${text}` });
  }
  return problems;
}

interface JsonDifference {
  path: string;
  /** What differs: key-order, missing, extra, length or value. */
  kind: string;
  text: string;
}

/** A short diff: where the texts part, and the first differences of their JSON (keys, key order, values). */
function bodyDiff(expected: string, served: string): { text: string; kinds: string[] } {
  const lines: string[] = [];
  let i = 0;
  while (i < expected.length && expected[i] === served[i]) i++;
  const around = (s: string) =>
    `${i > 70 ? "…" : ""}${JSON.stringify(s.slice(Math.max(0, i - 70), i + 90)).slice(1, -1)}${s.length > i + 90 ? "…" : ""}`;
  lines.push(`  first difference at byte ${i}:`, `    expected: ${around(expected)}`, `    served:   ${around(served)}`);
  const differences: JsonDifference[] = [];
  try {
    jsonDifferences(JSON.parse(expected), JSON.parse(served), "$", differences);
  } catch {
    lines.push("  (not both JSON)");
    return { text: lines.join("\n"), kinds: ["not-json"] };
  }
  for (const d of differences.slice(0, 8)) lines.push(`  ${d.text}`);
  if (differences.length > 8) lines.push(`  … ${differences.length - 8} more`);
  if (!differences.length) lines.push("  (the same JSON, other bytes)");
  // For grouping: what differs, in data or in errors (`$.errors[0].path` and `$.data` are different defects).
  const area = (path: string) => /^\$\.(errors|data|extensions)/.exec(path)?.[0].slice(2) ?? "$";
  // In errors, which member differs (`path`, `message`, `locations`, `extensions`), not where in it.
  const member = (path: string) => /^\$\.errors(?:\[\d+\]\.?(\w*))?/.exec(path)?.[1] || "errors";
  const kinds = [
    ...new Set(differences.map((d) => `${area(d.path)}:${d.kind}${d.path.startsWith("$.errors") ? `@${member(d.path)}` : ""}`)),
  ].sort();
  return { text: lines.join("\n"), kinds: kinds.length ? kinds : ["bytes"] };
}

function jsonDifferences(a: unknown, b: unknown, path: string, out: JsonDifference[]): void {
  if (out.length > 20) return;
  const show = (v: unknown) => {
    const s = JSON.stringify(v) ?? "undefined";
    return s.length > 120 ? `${s.slice(0, 117)}…` : s;
  };
  const push = (kind: string, at: string, text: string) => out.push({ path: at, kind, text: `${at}: ${text}` });
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) push("length", path, `expected ${a.length} items, served ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) jsonDifferences(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    for (const k of ka.filter((k) => !kb.includes(k)))
      push("missing", `${path}.${k}`, `expected ${show((a as Record<string, unknown>)[k])}, served nothing`);
    for (const k of kb.filter((k) => !ka.includes(k)))
      push("extra", `${path}.${k}`, `not expected, served ${show((b as Record<string, unknown>)[k])}`);
    const common = ka.filter((k) => kb.includes(k));
    const servedOrder = kb.filter((k) => ka.includes(k));
    if (common.join() !== servedOrder.join())
      push("key-order", path, `key order: expected ${common.join(",")}, served ${servedOrder.join(",")}`);
    for (const k of common) jsonDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) push("value", path, `expected ${show(a)}, served ${show(b)}`);
}

// ---- the server -------------------------------------------------------------------------------

let server: TestServer;
let clientSchema: GraphQLSchema;

beforeAll(async () => {
  // As served, with one exception: one client sends 15,000 requests a minute here, so its rate
  // limit (by cost) gets a budget it cannot spend. The limit's code still runs on every request.
  server = await startServer(FIXTURES, { rateLimit: { ...DEFAULT_RATE_LIMIT, points: Number.MAX_SAFE_INTEGER } });
  const res = await server.gql<IntrospectionQuery>(getIntrospectionQuery());
  clientSchema = buildClientSchema(res.data!);
});
afterAll(() => server?.close());

function bodyOf(op: GeneratedOperation, form: Run["body"]): string {
  if (form === "compact") return JSON.stringify({ query: op.query, variables: op.variables, operationName: op.operationName });
  if (form === "indented") return JSON.stringify({ query: op.query, variables: op.variables, operationName: op.operationName }, null, 2);
  return JSON.stringify({ operationName: op.operationName, variables: op.variables, query: op.query }, null, 1);
}

/**
 * The 3rd and 4th requests of every other operation go by GET, as urql sends queries, where the
 * URL is short enough: the 3rd reaches Apollo (a GET is new to the prepared path), and the 4th,
 * its parameters in another order and encoded otherwise (another URL for the response cache), the
 * prepared path.
 */
function getUrl(op: GeneratedOperation, run: Run): string | null {
  const reversed = run.ordinal === "4th";
  // A JSON body with a `__proto__` key is refused before GraphQL sees it (Fastify's
  // prototype-poisoning check, the same on every path): such variables go by GET, every time.
  const onlyGet = op.variables !== undefined && Object.hasOwn(op.variables, "__proto__");
  if (!onlyGet && ((run.body !== "indented" && !reversed) || op.query.length % 2 === 1)) return null;
  const params: [string, string][] = [["query", op.query]];
  if (op.variables !== undefined) params.push(["variables", JSON.stringify(op.variables)]);
  if (typeof op.operationName === "string") params.push(["operationName", op.operationName]);
  // The 4th: the parameters in another order, and spaces as %20 rather than +, so that an operation
  // without variables is another URL too.
  const search = reversed
    ? params
        .reverse()
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
        .join("&")
    : new URLSearchParams(params).toString();
  const url = `${server.url}/graphql?${search}`;
  return url.length <= (onlyGet ? 15000 : 6000) ? url : null;
}

async function send(op: GeneratedOperation, run: Run, requestId: string): Promise<Served> {
  const url = getUrl(op, run);
  const res = url
    ? await fetch(url, { headers: { accept: run.accept, "x-request-id": requestId } })
    : await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: run.accept, "x-request-id": requestId },
        body: bodyOf(op, run.body),
      });
  const raw = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    cacheControl: res.headers.get("cache-control") ?? "",
    requestId: res.headers.get("x-request-id") ?? "",
    raw,
    body: withoutExtensions(raw),
  };
}

/** Whether the server refused with one of its limits (`…_LIMIT_EXCEEDED`). */
function limitCodes(served: Served): string[] {
  try {
    const { errors } = JSON.parse(served.raw) as { errors?: { extensions?: { code?: string } }[] };
    return (errors ?? []).map((e) => String(e.extensions?.code)).filter((c) => c.endsWith("_LIMIT_EXCEEDED"));
  } catch {
    return [];
  }
}

interface Mismatch {
  index: number;
  op: GeneratedOperation;
  run: Run;
  requestId: string;
  problems: Problem[];
}

interface Outcome {
  mismatches: Mismatch[];
  refused: string[];
}

/** Sends `op` RUN_PLAN.length times and compares every answer with the reference. */
async function check(index: number, op: GeneratedOperation, result: ExecutionResult, tag = "d"): Promise<Outcome> {
  const outcome: Outcome = { mismatches: [], refused: [] };
  for (const [n, run] of RUN_PLAN.entries()) {
    const requestId = `${tag}${SEED}-${index}-${n + 1}`;
    const served = await send(op, run, requestId);
    const refused = limitCodes(served);
    if (refused.length) {
      outcome.refused.push(...refused);
      continue;
    }
    const problems = compare(apolloAnswer(result, requestId, run.accept), served, requestId);
    if (problems.length) outcome.mismatches.push({ index, op, run, requestId, problems });
  }
  return outcome;
}

// ---- generation ---------------------------------------------------------------------------------

/** graphql-armor's rules as the server configures them (src/request/limits.ts), reporting instead of throwing. */
function limitRules(): ValidationRule[] {
  const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)] };
  return [
    maxDepthRule({ n: BUDGET.maxDepth, ignoreIntrospection: true, ...report }),
    // Every alias counts, `__typename` ones too (armor's default lets those go free).
    maxAliasesRule({ n: BUDGET.maxAliases, allowList: [], ...report }),
    maxDirectivesRule({ n: BUDGET.maxDirectives, ...report }),
  ];
}

interface Prepared {
  index: number;
  op: GeneratedOperation;
  document: DocumentNode;
  result: ExecutionResult;
}

interface Stats {
  generated: number;
  invalid: number;
  overBudget: number;
  invalidSamples: string[];
  features: Map<string, number>;
  rootFields: Map<string, number>;
  withErrors: number;
  nonDeterministic: string[];
}

/** Generates valid operations within BUDGET, runs each on the reference, harvests its data. */
class Producer {
  readonly harvest = new Harvest();
  readonly generator: OperationGenerator;
  readonly stats: Stats = {
    generated: 0,
    invalid: 0,
    overBudget: 0,
    invalidSamples: [],
    features: new Map(),
    rootFields: new Map(),
    withErrors: 0,
    nonDeterministic: [],
  };
  private readonly rules = [...specifiedRules, ...limitRules()];
  private readonly random: () => number;
  index = 0;

  constructor(schema: GraphQLSchema) {
    this.random = seededRandom(SEED ^ 0x5eed);
    this.generator = new OperationGenerator(schema, seededRandom(SEED), this.harvest, {
      maxDepth: BUDGET.maxDepth,
      maxAliases: BUDGET.maxAliases,
      maxDirectives: BUDGET.maxDirectives,
      entityCrashers: true,
    });
  }

  /** The next valid operation, with its reference result. */
  async next(): Promise<Prepared> {
    for (;;) {
      // One operation in five asks for many refusals: errors in several places, whose order and
      // paths depend on when each happens (graphql-js reports the first under a non-null field).
      const op = this.generator.next(this.random() < 0.2 ? ERROR_HEAVY : 1);
      this.stats.generated++;
      if (exceedsTokens(op.query, BUDGET.maxTokens)) {
        this.stats.overBudget++;
        continue;
      }
      const document = parse(op.query);
      const errors = validate(clientSchema, document, this.rules);
      if (errors.length) {
        this.stats.invalid++;
        if (this.stats.invalidSamples.length < 5) this.stats.invalidSamples.push(`${errors[0]!.message}\n${op.query}`);
        continue;
      }
      const estimate = COSTS.estimate(document, op.operationName, op.variables);
      if (estimate && (estimate.cost > BUDGET.maxCost || estimate.introspection > LIMITS.maxIntrospectionCost / 5)) {
        this.stats.overBudget++;
        continue;
      }
      const index = ++this.index;
      const result = await reference(document, op, `ref-${index}`);
      // graphql-js must agree with itself, or no answer can be compared with it.
      if (this.random() < 0.1) {
        const again = await reference(document, op, `ref-${index}-again`);
        if (JSON.stringify(again) !== JSON.stringify(result)) this.stats.nonDeterministic.push(`operation ${index}:\n${op.query}`);
      }
      this.harvest.add(result.data);
      return { index, op, document, result };
    }
  }

  count(p: Prepared): void {
    for (const f of p.op.features) this.stats.features.set(f, (this.stats.features.get(f) ?? 0) + 1);
    const operation = p.document.definitions.find(
      (d) => d.kind === Kind.OPERATION_DEFINITION && (!p.op.operationName || d.name?.value === p.op.operationName),
    );
    if (operation?.kind === Kind.OPERATION_DEFINITION) {
      for (const s of operation.selectionSet.selections) {
        if (s.kind === Kind.FIELD) this.stats.rootFields.set(s.name.value, (this.stats.rootFields.get(s.name.value) ?? 0) + 1);
      }
    }
    if (p.result.errors) this.stats.withErrors++;
  }
}

// ---- shrinking ----------------------------------------------------------------------------------

/**
 * A smaller operation that still fails in the same way (the same requests, the same kinds of
 * difference): selections, arguments, directives, list items and operations are taken out one
 * at a time while it does (variables and fragments no longer used go with them).
 */
async function shrink(mismatches: Mismatch[], budget: number): Promise<{ op: GeneratedOperation; checks: number }> {
  const mismatch = mismatches[0]!;
  const kind = signature(mismatches);
  let best = mismatch.op;
  let checks = 0;
  const failsAlike = async (candidate: GeneratedOperation): Promise<boolean> => {
    let document: DocumentNode;
    try {
      document = parse(candidate.query);
    } catch {
      return false;
    }
    if (validate(clientSchema, document, specifiedRules).length) return false;
    checks++;
    const result = await reference(document, candidate, `shrink-${checks}`);
    // A comment makes the document new to the server (Apollo keeps parsed documents by their text,
    // and compiles one seen before) without moving any location.
    const outcome = await check(
      checks,
      { ...candidate, query: `${candidate.query}\n# shrinking ${mismatch.index}, check ${checks}` },
      result,
      `s${mismatch.index}x`,
    );
    takeUnhandled();
    return outcome.mismatches.length > 0 && signature(outcome.mismatches) === kind;
  };
  let progress = true;
  while (progress && checks < budget) {
    progress = false;
    const document = parse(best.query);
    for (const candidate of removals(document, best)) {
      if (checks >= budget) break;
      if (await failsAlike(candidate)) {
        best = candidate;
        progress = true;
        break;
      }
    }
  }
  return { op: best, checks };
}

/** Every document with one thing less, cleaned of variables and fragments it no longer uses. */
function* removals(document: DocumentNode, op: GeneratedOperation): Generator<GeneratedOperation> {
  let count = 0;
  visit(document, {
    enter(node) {
      if (
        node.kind === Kind.FIELD ||
        node.kind === Kind.INLINE_FRAGMENT ||
        node.kind === Kind.FRAGMENT_SPREAD ||
        node.kind === Kind.ARGUMENT ||
        node.kind === Kind.DIRECTIVE
      )
        count++;
      if (
        node.kind === Kind.OPERATION_DEFINITION ||
        node.kind === Kind.FRAGMENT_DEFINITION ||
        node.kind === Kind.OBJECT_FIELD ||
        node.kind === Kind.LIST
      )
        count++;
      return undefined;
    },
  });
  for (let target = 0; target < count; target++) {
    let i = 0;
    const smaller = visit(document, {
      enter(node) {
        const removable =
          node.kind === Kind.FIELD ||
          node.kind === Kind.INLINE_FRAGMENT ||
          node.kind === Kind.FRAGMENT_SPREAD ||
          node.kind === Kind.ARGUMENT ||
          node.kind === Kind.DIRECTIVE ||
          node.kind === Kind.OPERATION_DEFINITION ||
          node.kind === Kind.FRAGMENT_DEFINITION ||
          node.kind === Kind.OBJECT_FIELD ||
          node.kind === Kind.LIST;
        if (!removable) return undefined;
        if (i++ !== target) return undefined;
        if (node.kind === Kind.OPERATION_DEFINITION && node.name?.value === op.operationName) return undefined;
        if (node.kind === Kind.LIST) return node.values.length > 1 ? { ...node, values: node.values.slice(0, -1) } : undefined;
        return null;
      },
    });
    const cleaned = clean(smaller, op);
    if (cleaned && cleaned.query !== op.query) yield cleaned;
  }
  // Fewer items in a variable's list, and variables dropped.
  for (const [name, value] of Object.entries(op.variables ?? {})) {
    if (Array.isArray(value) && value.length > 1) {
      for (let k = 0; k < value.length; k++) yield { ...op, variables: { ...op.variables, [name]: value.filter((_, j) => j !== k) } };
    }
  }
}

/** The operation without variable definitions and fragments it no longer uses (and empty selection sets filled). */
function clean(document: DocumentNode, op: GeneratedOperation): GeneratedOperation | null {
  for (let pass = 0; pass < 10; pass++) {
    const usedVariables = new Set<string>();
    const spread = new Set<string>();
    visit(document, {
      VariableDefinition: () => false,
      Variable: (v) => void usedVariables.add(v.name.value),
      FragmentSpread: (s) => void spread.add(s.name.value),
    });
    let changed = false;
    document = visit(document, {
      VariableDefinition(v) {
        if (usedVariables.has(v.variable.name.value)) return undefined;
        changed = true;
        return null;
      },
      FragmentDefinition(f) {
        if (spread.has(f.name.value)) return undefined;
        changed = true;
        return null;
      },
      SelectionSet(set) {
        if (set.selections.length) return undefined;
        changed = true;
        return { ...set, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } }] };
      },
    });
    if (!changed) break;
  }
  if (!document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) return null;
  const defined = new Set<string>();
  visit(document, { VariableDefinition: (v) => void defined.add(v.variable.name.value) });
  const variables = op.variables ? Object.fromEntries(Object.entries(op.variables).filter(([k]) => defined.has(k))) : undefined;
  const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value] : []));
  const operationName =
    op.operationName && names.includes(op.operationName) && names.length > 1
      ? op.operationName
      : names.length > 1
        ? op.operationName
        : undefined;
  return { ...op, query: print(document), variables: variables && Object.keys(variables).length ? variables : undefined, operationName };
}

// ---- reporting ----------------------------------------------------------------------------------

/** Lets pending rejections be reported (Node reports an unhandled one once the microtasks run out). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Which operations of `chunk` leave a rejection unhandled: each is run again on its own, the
 * reference and the server's requests. One that graphql-js leaves on a fresh context too is
 * graphql-js's own (it abandons the siblings of a field that fails while they run), which the
 * process survives (main.ts, and a process test); null when every one found is such.
 */
async function culprits(chunk: Prepared[], caught: Unhandled[]): Promise<string | null> {
  const found: string[] = [];
  let ownToGraphqlJs = 0;
  await settle();
  takeUnhandled();
  for (const p of chunk) {
    if (found.length >= 2) break;
    await reference(p.document, p.op, `culprit-${p.index}`);
    await settle();
    const byReference = takeUnhandled();
    await check(p.index, p.op, p.result, "u");
    await settle();
    const byServer = takeUnhandled();
    if (byReference.length && byServer.length) ownToGraphqlJs++;
    else if (byReference.length || byServer.length) {
      found.push(
        [
          `operation ${p.index} leaves ${byServer.length ? "the server" : ""}${byServer.length && byReference.length ? " and " : ""}${byReference.length ? "graphql-js" : ""} with an unhandled rejection (a server process exits on one); replay: DIFF_SEED=${SEED} DIFF_ONLY=${p.index}`,
          describeOperation(p.op),
          indent(describeUnhandled([...byServer, ...byReference].slice(0, 1)), "  "),
        ].join("\n"),
      );
    }
  }
  if (!found.length && ownToGraphqlJs) return null;
  return found.length
    ? found.join("\n\n")
    : `while sending operations ${chunk[0]?.index}..${chunk.at(-1)?.index} (not found again one by one):\n${describeUnhandled(caught.slice(0, 2))}`;
}

function describeOperation(op: GeneratedOperation): string {
  return [
    `  operation:\n${indent(op.query.includes("\n  ") ? op.query : safePrint(op.query))}`,
    `  variables: ${JSON.stringify(op.variables)}`,
    `  operationName: ${JSON.stringify(op.operationName)}`,
  ].join("\n");
}

function safePrint(query: string): string {
  try {
    return print(parse(query));
  } catch {
    return query;
  }
}

function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

function describeMismatch(m: Mismatch, shrunk?: { op: GeneratedOperation; checks: number }): string {
  return [
    `operation ${m.index}, ${m.run.ordinal} request (${m.run.what}; x-request-id ${m.requestId}); replay: DIFF_SEED=${SEED} DIFF_ONLY=${m.index} npx vitest run test/fuzz/differential.test.ts`,
    describeOperation(m.op),
    ...m.problems.map((p) => indent(p.text, "  ")),
    ...(shrunk ? [`  minimised (${shrunk.checks} checks), fails in the same way:`, describeOperation(shrunk.op)] : []),
  ].join("\n");
}

/** The kind of a mismatch, to report one example of each: which requests, which checks, which JSON paths. */
function signature(ms: Mismatch[]): string {
  return ms.map((m) => `${m.run.ordinal}:${m.problems.map((p) => p.kind).join("+")}`).join(" ");
}

// ---- the test -------------------------------------------------------------------------------------

/** Shapes the generator must have sent at least a few times each in a full run. */
const REQUIRED_FEATURES = [
  "named-fragment-on-object",
  "named-fragment-on-interface",
  "named-fragment-on-union",
  "named-fragment-on-other-type",
  "fragment-spread-again",
  "inline-fragment-on-union-member",
  "inline-fragment-on-implementation",
  "inline-fragment-interface-in-object",
  "inline-fragment-other-interface",
  "inline-fragment-untyped",
  "alias",
  "alias-same-field",
  "merged-field",
  "include-on-field",
  "skip-on-field",
  "include-on-inline-fragment",
  "skip-on-inline-fragment",
  "include-on-fragment-spread",
  "skip-on-fragment-spread",
  "condition-literal",
  "condition-variable",
  "variable-given",
  "variable-null",
  "variable-omitted",
  "variable-default-omitted",
  "variable-default-given",
  "variable-default-null",
  "variable-null-into-non-null",
  "variable-in-list",
  "variable-in-input-object",
  "literal-null",
  "paging-first",
  "paging-last",
  "paging-after",
  "paging-before",
  "first-and-last",
  "page-size-out-of-range",
  "cursor-harvested",
  "cursor-shifted",
  "cursor-garbage",
  "cursor-empty",
  "id-real",
  "id-foreign",
  "id-malformed",
  "id-naming-nothing",
  "id-empty",
  "id-base64-garbage",
  "repeated-list-item",
  "search",
  "entities",
  "entities-real",
  "entities-foreign",
  "entities-malformed",
  "entities-nothing",
  "entities-missing-id",
  "entities-unknown-typename",
  "entities-interface",
  "entities-root-type",
  "two-operations",
  "operation-name",
  "shorthand-query",
];

describe(`differential: served answers against graphql-js (seed ${SEED}, ${COUNT} operations × ${RUNS} requests)`, () => {
  it(`answers every operation, every time, byte for byte as graphql-js does`, { timeout: 900_000 }, async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const producer = new Producer(clientSchema);
    const mismatches: Mismatch[][] = [];
    const unhandled: string[] = [];
    const refused: { index: number; codes: string[] }[] = [];
    let sent = 0;
    let requests = 0;
    const total = ONLY ?? COUNT;
    const chunkSize = CONCURRENCY * 4;
    let executing = 0;
    while (producer.index < total) {
      // Generated in order (each operation may use what earlier answers held), then sent concurrently.
      const chunk: Prepared[] = [];
      while (chunk.length < chunkSize && producer.index < total) {
        const prepared = await producer.next();
        if (ONLY === undefined || prepared.index === ONLY) chunk.push(prepared);
      }
      const started = performance.now();
      const queue = [...chunk];
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let p = queue.shift(); p; p = queue.shift()) {
            producer.count(p);
            const outcome = await check(p.index, p.op, p.result);
            sent++;
            requests += RUN_PLAN.length;
            if (outcome.refused.length) refused.push({ index: p.index, codes: outcome.refused });
            if (outcome.mismatches.length) mismatches.push(outcome.mismatches);
            if (ONLY !== undefined) {
              console.log(`operation ${p.index}:\n${describeOperation(p.op)}\n  reference: ${JSON.stringify(p.result).slice(0, 2000)}`);
            }
          }
        }),
      );
      executing += performance.now() - started;
      const caught = takeUnhandled();
      const culprit = caught.length ? await culprits(chunk, caught) : null;
      if (culprit) unhandled.push(culprit);
      if (mismatches.length >= 200 || unhandled.length >= 3) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const { stats } = producer;
    console.log(
      [
        `differential (seed ${SEED}): ${sent} operations, ${requests} requests in ${seconds.toFixed(1)} s, ${((user + system) / 1e6).toFixed(1)} s of CPU (sending: ${(executing / 1000).toFixed(1)} s, ${Math.round(requests / (executing / 1000))} req/s; generating and the reference: the rest)`,
        `  generated ${stats.generated}: ${stats.invalid} invalid and ${stats.overBudget} over budget, regenerated; ${stats.withErrors} of those sent have errors in graphql-js's answer`,
        `  refused by a limit: ${refused.length}${
          refused.length
            ? ` (${[...new Set(refused.flatMap((r) => r.codes))].join(", ")}; operations ${refused
                .slice(0, 5)
                .map((r) => r.index)
                .join(", ")}${refused.length > 5 ? ", …" : ""})`
            : ""
        }; mismatching operations: ${mismatches.length}; executed by the server: ${[...server.engines].map(([engine, n]) => `${n} ${engine}`).join(", ")}; memory: ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB RSS, ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB heap`,
      ].join("\n"),
    );

    // Every mismatch kind once, the first of each minimised.
    const kinds = new Map<string, Mismatch[]>();
    for (const ms of mismatches) if (!kinds.has(signature(ms))) kinds.set(signature(ms), ms);
    const reports: string[] = [];
    let shrinkChecks = 0;
    for (const [kind, ms] of kinds) {
      if (reports.length >= 6) break;
      const first = ms[0]!;
      const shrunk = SHRINK && shrinkChecks < 1500 ? await shrink(ms, 300) : undefined;
      shrinkChecks += shrunk?.checks ?? 0;
      reports.push(`[${kind}] (${mismatches.filter((x) => signature(x) === kind).length} operations)\n${describeMismatch(first, shrunk)}`);
    }
    takeUnhandled();
    const message = [
      `seed ${SEED}: ${mismatches.length} of ${sent} operations answered otherwise than graphql-js, in ${kinds.size} way(s):`,
      ...reports,
    ].join("\n\n");

    expect(unhandled, `unhandled errors (seed ${SEED})`).toEqual([]);
    expect(stats.nonDeterministic, "graphql-js answers the same operation differently on two fresh contexts").toEqual([]);
    expect(mismatches.length, message).toBe(0);
    expect(
      refused.length,
      `refused with a limit code although within the budget: ${JSON.stringify(refused.slice(0, 5))}`,
    ).toBeLessThanOrEqual(Math.floor(sent * MAX_REFUSED));
    if (ONLY !== undefined) return;
    expect(sent).toBe(COUNT);
    // Valid operations are the point: most of what is generated must be.
    expect(stats.invalid / stats.generated, `invalid operations, e.g.:\n${stats.invalidSamples.join("\n\n")}`).toBeLessThan(0.1);
    if (COUNT >= 2000) {
      const rare = REQUIRED_FEATURES.filter((f) => (stats.features.get(f) ?? 0) < 5).map((f) => `${f}: ${stats.features.get(f) ?? 0}`);
      expect(rare, "shapes sent fewer than 5 times").toEqual([]);
      const roots = Object.keys(clientSchema.getQueryType()!.getFields()).filter((f) => !f.startsWith("_") || f === "_entities");
      expect(
        roots.filter((f) => !stats.rootFields.has(f)),
        "root fields never sent",
      ).toEqual([]);
      // The compiled path (src/request/compiled.ts) answers the 2nd request of every operation it
      // may compile: one whose 1st run had no errors (most carry @skip or @include, which it may not).
      expect(server.engines.get("compiled") ?? 0, "operations answered compiled").toBeGreaterThan(sent * 0.1);
      // The prepared path (src/http/prepared.ts) answers the 3rd request (the 4th, for one sent by GET) of every operation answered compiled and clean.
      expect(server.engines.get("prepared") ?? 0, "operations answered prepared").toBeGreaterThan(sent * 0.1);
      // Enough of both: clean answers (which the cache keeps) and answers with errors (which it must not).
      expect(stats.withErrors / sent).toBeGreaterThan(0.1);
      expect(stats.withErrors / sent).toBeLessThan(0.6);
    }
  });
});

/**
 * Operations that were answered otherwise than graphql-js, kept minimal. All but the last were
 * graphql-jit's answers (compiled from a document's second run) and the cache's replays of them;
 * the last crashed the process whichever engine ran. Each runs as a generated operation does:
 * three requests, each compared with graphql-js.
 */
const REGRESSIONS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: "a field excluded by @include(if: false) and selected again: the excluded copy's selections stay out",
    query: `{ country(code: "VE") { leaders @include(if: false) { ... { totalCount } } leaders { nodes { name } } } }`,
  },
  {
    name: "a field excluded by @skip(if: true) and selected again: its key goes where it is first included",
    query: `{ node(id: "T3JnYW5pemF0aW9uOm9wZWM=") { __typename id @skip(if: true) ... on Organization { name } ... on Node { id } } }`,
  },
  {
    name: "a directive condition whose variable is null is an error, not a condition met",
    query: `query($c: Boolean = false) { countries(first: 1) { totalCount @skip(if: $c) } }`,
    variables: { c: null },
  },
  {
    // Found with this generator (seed 3, every operation error-heavy: errorRate 15), minimised by
    // this test's shrinker: under a non-null field graphql-js reports the first error to happen,
    // and which happens first depends on what the request's loaders already hold (graphql-jit's
    // run with errors was run again by graphql-js on the same loaders).
    name: "the error graphql-js reports first under a non-null field is the one a fresh run reports",
    query: `{ accusation(id: "QWNjdXNhdGlvbjp1cy1hY2N1c2VzLWlyYW4tc2FuY3Rpb25z") { accused { visitsMade(first: 0) { __typename } } accuser { sanctionsReceived(first: 101) { __typename } } } nodes(ids: ["Q291bnRyeTppcmFu"]) { __typename } }`,
  },
  {
    // Found by this test (DIFF_SEED=3 and 4): graphql-js refuses the argument (a null item where
    // `_Any!` is needed); graphql-jit calls the resolver with it, which throws on the null after
    // the first item's lookup was rejected, leaving that rejection unhandled.
    name: "_entities: a null representation given by a variable in the list never reaches the resolver",
    query: `query($r: _Any = {__typename: "Country"}) { _entities(representations: [{__typename: "Country"}, $r]) { __typename } }`,
    variables: { r: null },
  },
  {
    name: "_entities: a rejected lookup before a representation @apollo/subgraph's resolver threw on (it ended the process)",
    query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Country { name } } }`,
    variables: { r: [{ __typename: "Country" }, { __typename: "Nope" }] },
  },
];

describe("differential: operations found before", () => {
  for (const [i, { name, query, variables }] of REGRESSIONS.entries()) {
    it(name, async () => {
      const op: GeneratedOperation = { query, variables, features: [] };
      const document = parse(query);
      expect(validate(clientSchema, document, specifiedRules)).toEqual([]);
      const result = await reference(document, op, `regression-${i}`);
      const { mismatches } = await check(i, op, result, "r");
      // The server's and the reference's own rejections, if any, are the guard's to report (fail-on-unhandled.ts).
      await new Promise((resolve) => setTimeout(resolve, 10));
      const shrunk = mismatches.length && SHRINK && env.DIFF_SHRINK_REGRESSIONS === "1" ? await shrink(mismatches, 300) : undefined;
      expect(mismatches.length, mismatches.map((m, k) => describeMismatch(m, k ? undefined : shrunk)).join("\n\n")).toBe(0);
    });
  }
});

describe("differential: the comparison itself", () => {
  const id = "req-1";
  const json = "application/json; charset=utf-8";
  const served = (raw: string, over: Partial<Served> = {}): Served => ({
    status: 200,
    contentType: json,
    cacheControl: `max-age=${DEFAULT_CACHE_MAX_AGE}, public`,
    requestId: id,
    raw,
    body: withoutExtensions(raw),
    ...over,
  });
  const kinds = (expected: Answer, answer: Served) => compare(expected, answer, id).map((p) => p.kind);

  it("notices any byte, key order, header or status that differs, and ignores only a top-level extensions", () => {
    const expected = apolloAnswer({ data: { a: { b: 1.5, c: "x" } } }, id, JSON_TYPE);
    expect(expected.body).toBe('{"data":{"a":{"b":1.5,"c":"x"}}}\n');
    expect(compare(expected, served(expected.body), id)).toEqual([]);
    expect(kinds(expected, served('{"data":{"a":{"b":1.5,"c":"x"}},"extensions":{"cost":{"estimated":7.5,"limit":10000}}}\n'))).toEqual([]);
    expect(kinds(expected, served('{"extensions":{"cost":1},"data":{"a":{"b":1.5,"c":"x"}}}\n'))).toEqual([]);
    expect(kinds(expected, served('{"data":{"a":{"c":"x","b":1.5}}}\n'))).toEqual(["body(data:key-order)"]);
    expect(kinds(expected, served('{"data":{"a":{"b":1.5,"c":"x","d":null}}}\n'))).toEqual(["body(data:extra)"]);
    expect(kinds(expected, served('{"data":{"a":{"b":1.5}}}\n'))).toEqual(["body(data:missing)"]);
    expect(kinds(expected, served('{"data":{"a":{"b":1.50,"c":"x"}}}\n'))).toEqual(["body(bytes)"]);
    expect(kinds(expected, served('{"data":{"a":{"b":1.5,"c":"x"}}}'))).toEqual(["body(bytes)"]);
    expect(kinds(expected, served('{"data": {"a":{"b":1.5,"c":"x"}}}\n'))).toEqual(["body(bytes)"]);
    // Only the top-level member is the server's to add, and only in what JSON.stringify writes.
    expect(kinds(expected, served('{"data":{"a":{"b":1.5,"c":"x","extensions":{}}}}\n'))).toEqual(["body(data:extra)"]);
    expect(kinds(expected, served('{"data":{"a":{"b":1.5,"c":"x"}}, "extensions":{}}\n'))).toEqual(["body(extensions:extra)"]);
    expect(kinds(expected, served(expected.body, { status: 500 }))).toEqual(["status"]);
    expect(kinds(expected, served(expected.body, { contentType: "application/graphql-response+json; charset=utf-8" }))).toEqual([
      "content-type",
    ]);
    expect(kinds(expected, served(expected.body, { cacheControl: "no-store" }))).toEqual(["cache-control"]);
    expect(kinds(expected, served(expected.body, { requestId: "req-2" }))).toEqual(["x-request-id"]);
  });

  it("writes a result with errors as Apollo and the app do: members in order, codes, masking with the request id", () => {
    const document = parse(`{ a }`);
    const field =
      document.definitions[0]!.kind === Kind.OPERATION_DEFINITION ? document.definitions[0].selectionSet.selections[0]! : undefined;
    const unexpected = new GraphQLError("db down", { nodes: field, path: ["a"], originalError: new Error("db down") });
    const refused = new GraphQLError('Argument "first" must be between 1 and 100, got 0.', {
      nodes: field,
      path: ["a"],
      extensions: { code: "BAD_USER_INPUT", argumentName: "first" },
    });
    const answer = apolloAnswer({ errors: [unexpected, refused], data: { a: null } }, id, GRAPHQL_RESPONSE_JSON);
    expect(answer).toEqual({
      status: 200,
      contentType: "application/graphql-response+json; charset=utf-8",
      cacheControl: "no-store",
      body: `${JSON.stringify({
        errors: [
          {
            message: `Internal server error. Quote request id ${id} when reporting it.`,
            locations: [{ line: 1, column: 3 }],
            path: ["a"],
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId: id },
          },
          {
            message: 'Argument "first" must be between 1 and 100, got 0.',
            locations: [{ line: 1, column: 3 }],
            path: ["a"],
            extensions: { code: "BAD_USER_INPUT", argumentName: "first" },
          },
        ],
        data: { a: null },
      })}\n`,
    });
  });

  it("answers a variable that cannot be coerced with 400, or 200 for an application/json client, as BAD_USER_INPUT", async () => {
    const op: GeneratedOperation = {
      query: `query($n: Int!) { countries(first: $n) { totalCount } }`,
      variables: { n: "ten" },
      features: [],
    };
    const document = parse(op.query);
    const result = await reference(document, op, "coercion");
    expect(result.data).toBeUndefined();
    const strict = apolloAnswer(result, id, GRAPHQL_RESPONSE_JSON);
    expect(strict.status).toBe(400);
    expect(JSON.parse(strict.body).errors[0].extensions).toEqual({ code: "BAD_USER_INPUT" });
    expect(apolloAnswer(result, id, JSON_TYPE).status).toBe(200);
    // And the server agrees.
    expect((await check(0, op, result, "c")).mismatches.map((m) => describeMismatch(m))).toEqual([]);
  });
});
