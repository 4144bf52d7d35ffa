/**
 * What one request may ask for, checked before anything executes.
 *
 * Depth, aliases, directives and cost are graphql-armor's validation rules; the
 * token limit is graphql-js's own `maxTokens` parser option (graphql-armor's
 * Apollo token plugin throws from a hook Apollo does not catch and turns parse
 * errors into HTTP 500s: graphql-armor issues #571, #605, #751). Each rejection
 * is a `LimitExceededError` with its own stable `extensions.code`, the limit and
 * what the operation came to.
 */
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  GraphQLError,
  Kind,
  validate,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from "graphql";
import { MAX_PAGE_SIZE } from "./connection";
import { MAX_NODE_IDS } from "./node";

export interface Limits {
  /** Selection depth of an operation, not counting inside `__schema`. */
  maxDepth: number;
  /** Selection depth of an operation that selects `__schema` (the introspection query), counting everything. */
  maxIntrospectionDepth: number;
  /** Aliased fields per operation, fragments included (`__typename` aliases are free). */
  maxAliases: number;
  /** Directives per operation, fragments included. */
  maxDirectives: number;
  /** Lexical tokens per document; the parser stops at the first token over. */
  maxTokens: number;
  /** graphql-armor's cost of the operation, `first`/`last`/`ids` counted whether literal or variable. */
  maxCost: number;
  /** Bytes in a request body. */
  bodyLimitBytes: number;
  /** Milliseconds a request may spend executing; checked before every loader batch. */
  executionTimeoutMs: number;
}

/**
 * graphql-armor's defaults (tokens 1000, aliases 15, directives 50), except where
 * this schema's Relay connections need more: every hop through a connection is
 * two selection levels (`leaders { nodes { … } }`), so armor's depth 6 is 12 here,
 * and the README's walk through the graph costs 7,467 with `first: 10`.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxDepth: 12,
  maxIntrospectionDepth: 25,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1000,
  maxCost: 10_000,
  bodyLimitBytes: 100 * 1024,
  executionTimeoutMs: 5_000,
});

/** The limits a GraphQL document can exceed, each with its error code and what it counts. */
export const LIMIT_CODES = {
  maxDepth: { code: "DEPTH_LIMIT_EXCEEDED", what: "Query depth" },
  maxIntrospectionDepth: { code: "INTROSPECTION_DEPTH_LIMIT_EXCEEDED", what: "Introspection query depth" },
  maxAliases: { code: "ALIAS_LIMIT_EXCEEDED", what: "Alias" },
  maxDirectives: { code: "DIRECTIVE_LIMIT_EXCEEDED", what: "Directive" },
  maxTokens: { code: "TOKEN_LIMIT_EXCEEDED", what: "Token" },
  maxCost: { code: "COST_LIMIT_EXCEEDED", what: "Query cost" },
} as const;

export type DocumentLimit = keyof typeof LIMIT_CODES;

/** A document over one of the limits: the client can fix it by asking for less. */
export class LimitExceededError extends GraphQLError {
  constructor(
    readonly limit: DocumentLimit,
    max: number,
    found?: number,
  ) {
    const { code, what } = LIMIT_CODES[limit];
    super(`${what} limit of ${max} exceeded${found === undefined ? "" : `, found ${found}`}.`, {
      extensions: { code, limit: max, ...(found === undefined ? {} : { found }), http: { status: 400 } },
    });
  }
}

/** The number graphql-armor's message reports ("…exceeded, found 14."), rounded up. */
function foundIn(armorError: GraphQLError): number | undefined {
  const match = /found (\d+(?:\.\d+)?)\.?$/.exec(armorError.message);
  return match ? Math.ceil(Number(match[1])) : undefined;
}

/** graphql-armor's options that report a rejection as our error instead of its "Syntax Error: …". */
function reportAs(limit: DocumentLimit, max: number) {
  return {
    propagateOnRejection: false,
    onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(new LimitExceededError(limit, max, foundIn(err)))],
  };
}

/** Whether the operation (or a fragment it spreads) selects `__schema`. */
function selectsSchema(context: ValidationContext, operation: OperationDefinitionNode): boolean {
  let found = false;
  for (const node of [operation, ...context.getRecursivelyReferencedFragments(operation)]) {
    visit(node, { Field: (field) => void (found ||= field.name.value === "__schema") });
  }
  return found;
}

/** Runs `rule` only on operations that introspect the schema. */
function onIntrospection(rule: ValidationRule): ValidationRule {
  return (context) => {
    const visitor = rule(context) as { OperationDefinition: { enter: (op: OperationDefinitionNode) => void } };
    return {
      OperationDefinition(operation) {
        if (selectsSchema(context, operation)) visitor.OperationDefinition.enter.call(visitor, operation);
      },
    };
  };
}

/** Validation rules for the limits a document's shape can exceed (Apollo runs them with graphql-js's own). */
export function limitValidationRules(limits: Limits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...reportAs("maxDepth", limits.maxDepth) }),
    onIntrospection(
      maxDepthRule({ n: limits.maxIntrospectionDepth, ignoreIntrospection: false, ...reportAs("maxIntrospectionDepth", limits.maxIntrospectionDepth) }),
    ),
    maxAliasesRule({ n: limits.maxAliases, ...reportAs("maxAliases", limits.maxAliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs("maxDirectives", limits.maxDirectives) }),
  ];
}

/** graphql-js's message when `maxTokens` stops the parser (its wording, typo included). */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more that? (\d+) tokens\. Parsing aborted\.$/;

/** The token limit as our error, if `error` is graphql-js stopping the parser at `maxTokens`. */
export function tokenLimitError(error: { message: string }): LimitExceededError | null {
  const match = TOKEN_LIMIT_MESSAGE.exec(error.message);
  return match ? new LimitExceededError("maxTokens", Number(match[1])) : null;
}

/**
 * The number of rows a field can return, as the request gives it: `first`/`last`,
 * or the length of `ids`, capped where the resolver refuses more (so a request
 * for 10,000 gets the resolver's clear BAD_USER_INPUT rather than a cost error).
 */
function rowsAsked(field: FieldNode, variables: Record<string, unknown>, defaults: Map<string, ValueNode>): number | undefined {
  const literal = (node: ValueNode | undefined): unknown =>
    node?.kind === Kind.INT ? Number(node.value) : node?.kind === Kind.LIST ? node.values : undefined;
  const valueOf = (arg: ArgumentNode): unknown => {
    if (arg.value.kind !== Kind.VARIABLE) return literal(arg.value);
    const name = arg.value.name.value;
    return Object.hasOwn(variables, name) ? variables[name] : literal(defaults.get(name));
  };
  let rows: number | undefined;
  for (const arg of field.arguments ?? []) {
    const value = valueOf(arg);
    if ((arg.name.value === "first" || arg.name.value === "last") && Number.isInteger(value)) {
      rows = Math.max(rows ?? 1, Math.min(Math.max(value as number, 1), MAX_PAGE_SIZE));
    } else if (arg.name.value === "ids" && Array.isArray(value)) {
      rows = Math.max(rows ?? 1, Math.min(value.length, MAX_NODE_IDS));
    }
  }
  return rows;
}

/**
 * The operation as graphql-armor's cost rule should see it: only the operation
 * that runs (and its fragments), with the rows each field asks for written as a
 * literal `first`. (Armor reads only literal `first`/`last`, so a variable would
 * otherwise count as one row whatever its value.)
 */
function costView(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): DocumentNode {
  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const view: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  return visit(view, {
    Field(field) {
      const rows = rowsAsked(field, variables, defaults);
      if (rows === undefined) return undefined;
      const others = (field.arguments ?? []).filter((a) => a.name.value !== "first" && a.name.value !== "last");
      const first: ArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "first" }, value: { kind: Kind.INT, value: String(rows) } };
      return { ...field, arguments: [first, ...others] };
    },
  });
}

/** Checks graphql-armor's cost of the operation that runs, with its variables; null when within the limit. */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: Pick<Limits, "maxCost">,
): LimitExceededError | null {
  const [error] = validate(schema, costView(document, operation, variables ?? {}), [
    costLimitRule({ maxCost: limits.maxCost, ...reportAs("maxCost", limits.maxCost) }),
  ]);
  return error instanceof LimitExceededError ? error : error ? new LimitExceededError("maxCost", limits.maxCost, foundIn(error)) : null;
}

/** Names of the variables an operation passes as `first`, `last` or `ids`: the only ones its cost depends on. */
function rowVariables(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const names = new Set<string>();
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const node of [operation, ...fragments]) {
    visit(node, {
      Argument(arg) {
        if (arg.value.kind === Kind.VARIABLE && ["first", "last", "ids"].includes(arg.name.value)) names.add(arg.value.name.value);
      },
    });
  }
  return [...names];
}

/** Per operation: its row variables, and the outcome for each combination of their values seen so far. */
interface CostMemo {
  variables: string[];
  outcomes: Map<string, { found: number | undefined } | null>;
}

/** Outcomes kept per operation at most; past that the operation's memo starts again. */
const OUTCOMES_PER_OPERATION = 256;

/**
 * `checkCost` for a server: the cost of an operation depends only on its
 * document and on the variables it passes as `first`, `last` or `ids`, so
 * the outcome is remembered per document (as Apollo keeps it), operation and
 * those values. Each rejection is a new error, as if computed afresh.
 */
export class CostLimit {
  private readonly memo = new WeakMap<DocumentNode, Map<OperationDefinitionNode, CostMemo>>();

  constructor(private readonly limits: Pick<Limits, "maxCost">) {}

  check(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): LimitExceededError | null {
    let byOperation = this.memo.get(document);
    if (!byOperation) this.memo.set(document, (byOperation = new Map()));
    let memo = byOperation.get(operation);
    if (!memo) byOperation.set(operation, (memo = { variables: rowVariables(document, operation), outcomes: new Map() }));
    const key = JSON.stringify(memo.variables.map((name) => (Array.isArray(variables?.[name]) ? [(variables[name] as unknown[]).length] : (variables?.[name] ?? null))));
    let outcome = memo.outcomes.get(key);
    if (outcome === undefined) {
      const error = checkCost(schema, document, operation, variables, this.limits);
      outcome = error ? { found: error.extensions.found as number | undefined } : null;
      if (memo.outcomes.size >= OUTCOMES_PER_OPERATION) memo.outcomes.clear();
      memo.outcomes.set(key, outcome);
    }
    return outcome && new LimitExceededError("maxCost", this.limits.maxCost, outcome.found);
  }
}
