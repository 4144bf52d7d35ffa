/**
 * What the differential tests share: the generator of valid operations within the server's
 * limits (with graphql-js's answer to each), the reference answer (graphql-js on a fresh context,
 * written as Apollo Server writes it) and the byte-for-byte comparison of a served answer with it.
 * differential.test.ts holds the served app to it, and without-speed.test.ts the app without its
 * speed path.
 */
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { FastifyBaseLogger } from "fastify";
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { createFormatError } from "../../src/http/errors";
import { CostModel } from "../../src/request/cost";
import { DEFAULT_LIMITS, exceedsTokens } from "../../src/request/limits";
import { link, type RequestRecord } from "../../src/request/record";
import { DEFAULT_CACHE_MAX_AGE } from "../../src/speed/cache-policy";
import { FIXTURES } from "../helpers";
import { OperationGenerator, type GeneratedOperation } from "./operation-generator";
import { Harvest, seededRandom } from "./query-generator";

/** The server's limits (src/request/limits.ts); operations are kept well inside them. */
export const LIMITS = DEFAULT_LIMITS;
/**
 * What the generator may use: a margin under each limit. The cost is the server's own model
 * (src/request/cost.ts), kept to a fifth of its limit so that answers stay small and the run
 * quick; the server decides, and its refusals are counted.
 */
export const BUDGET = {
  maxDepth: LIMITS.maxDepth - 1,
  maxAliases: LIMITS.maxAliases - 3,
  maxDirectives: LIMITS.maxDirectives - 10,
  maxTokens: LIMITS.maxTokens - 150,
  maxCost: LIMITS.maxCost / 5,
};
/** Refused with a limit code by the server although within BUDGET: at most this fraction. */
/** How much more often an error-heavy operation gives values a resolver refuses. */
export const ERROR_HEAVY = 10;
/** The server's cost model, over the schema it serves. */
export const COSTS = new CostModel(buildGraphSchema());

export const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
export const JSON_TYPE = "application/json";

// ---- the reference: graphql-js, written as Apollo Server writes it -------------------------

export const store = loadFacts(FIXTURES);
export const referenceSchema = buildGraphSchema();
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

export interface Answer {
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
 * - speed/cache-policy.ts: `max-age` without errors, `no-store` with; with `maxAge` 0, `no-store`
 *   always, which is also what Apollo's own cache-control plugin writes for a schema without hints.
 */
export function apolloAnswer(result: ExecutionResult, requestId: string, accept: string, maxAge = DEFAULT_CACHE_MAX_AGE): Answer {
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
  const cacheControl = maxAge > 0 && !formatted ? `max-age=${maxAge}, public` : "no-store";
  return { status, contentType, cacheControl, body };
}

/** graphql-js on a fresh context, as the reference answer. */
export async function reference(document: DocumentNode, op: GeneratedOperation, id: string): Promise<ExecutionResult> {
  return await execute({
    schema: referenceSchema,
    document,
    variableValues: op.variables,
    operationName: op.operationName,
    contextValue: createContext(store, id),
  });
}

// ---- comparison -------------------------------------------------------------------------------

export interface Served {
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
export function withoutExtensions(raw: string): string {
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
export interface Problem {
  kind: string;
  text: string;
}

/** What differs between the expected and the served answer (empty when they agree). */
export function compare(expected: Answer, served: Served, requestId: string): Problem[] {
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

/** A served answer, as compared. */
export async function servedOf(res: Response): Promise<Served> {
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
export function limitCodes(served: Served): string[] {
  try {
    const { errors } = JSON.parse(served.raw) as { errors?: { extensions?: { code?: string } }[] };
    return (errors ?? []).map((e) => String(e.extensions?.code)).filter((c) => c.endsWith("_LIMIT_EXCEEDED"));
  } catch {
    return [];
  }
}

/** How a POST's body is written: the same request in other bytes. */
export type BodyForm = "compact" | "pretty" | "indented";

/** The JSON body of a POST for `op`, in one of three ways of writing the same request. */
export function bodyOf(op: GeneratedOperation, form: BodyForm): string {
  if (form === "compact") return JSON.stringify({ query: op.query, variables: op.variables, operationName: op.operationName });
  if (form === "indented") return JSON.stringify({ query: op.query, variables: op.variables, operationName: op.operationName }, null, 2);
  return JSON.stringify({ operationName: op.operationName, variables: op.variables, query: op.query }, null, 1);
}

// ---- generation ---------------------------------------------------------------------------------

/** graphql-armor's rules as the server configures them (src/request/limits.ts), reporting instead of throwing. */
export function limitRules(): ValidationRule[] {
  const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)] };
  return [
    maxDepthRule({ n: BUDGET.maxDepth, ignoreIntrospection: true, ...report }),
    // Every alias counts, `__typename` ones too (armor's default lets those go free).
    maxAliasesRule({ n: BUDGET.maxAliases, allowList: [], ...report }),
    maxDirectivesRule({ n: BUDGET.maxDirectives, ...report }),
  ];
}

export interface Prepared {
  index: number;
  op: GeneratedOperation;
  document: DocumentNode;
  result: ExecutionResult;
}

export interface Stats {
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
export class Producer {
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

  /** `schema` as the server serves it (its introspection), and the seed the operations follow from. */
  constructor(
    private readonly schema: GraphQLSchema,
    seed: number,
  ) {
    this.random = seededRandom(seed ^ 0x5eed);
    this.generator = new OperationGenerator(schema, seededRandom(seed), this.harvest, {
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
      const errors = validate(this.schema, document, this.rules);
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
