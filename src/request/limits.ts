/**
 * What one request may ask for, checked before anything executes.
 *
 * Depth, aliases and directives are graphql-armor's validation rules; the token
 * limit is graphql-js's own `maxTokens` parser option (graphql-armor's Apollo
 * token plugin throws from a hook Apollo does not catch: graphql-armor issues
 * #571, #605, #751); cost is request/cost.ts. Each rejection is a
 * `LimitExceededError` with its own stable `extensions.code`, the limit and
 * what the operation came to.
 */
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  visit,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export interface Limits {
  /** Selection depth of an operation, not counting inside `__schema`. */
  maxDepth: number;
  /** Selection depth of an operation that selects `__schema` (the introspection query), counting everything. */
  maxIntrospectionDepth: number;
  /** Aliased fields per operation, fragments included, `__typename` aliases too. */
  maxAliases: number;
  /** Directives per operation, fragments included. */
  maxDirectives: number;
  /** Lexical tokens per document; the parser stops at the first token over. */
  maxTokens: number;
  /** The estimated cost of what the operation can return (request/cost.ts), introspection apart. */
  maxCost: number;
  /** The estimated cost of the operation's introspection (`__schema`, `__type`). */
  maxIntrospectionCost: number;
  /** Bytes in a request body. */
  bodyLimitBytes: number;
  /** Milliseconds a request may spend executing; checked before every loader batch. */
  executionTimeoutMs: number;
}

/**
 * graphql-armor's defaults (tokens 1000, aliases 15, directives 50), except where
 * this schema's Relay connections need more: every hop through a connection is
 * two selection levels (`leaders { nodes { … } }`), so armor's depth 6 is 12 here.
 * Cost: a page four connections deep at `first: 10` each comes to about 14,000;
 * the standard introspection query to about 235,000 (its lists are priced at the
 * schema's largest: every type with as many fields as the widest).
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxDepth: 12,
  maxIntrospectionDepth: 25,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1000,
  maxCost: 25_000,
  maxIntrospectionCost: 500_000,
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
  maxIntrospectionCost: { code: "INTROSPECTION_COST_LIMIT_EXCEEDED", what: "Introspection cost" },
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

/**
 * graphql-armor's options that report a rejection as our error instead of its "Syntax Error: …";
 * what the operation came to is not given (armor has it only in its message's text).
 */
function reportAs(limit: DocumentLimit, max: number) {
  return {
    propagateOnRejection: false,
    onReject: [(ctx: ValidationContext | null) => ctx?.reportError(new LimitExceededError(limit, max))],
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
    // Fragments add no depth of their own: colocated fragments nest as deep as the fields they hold.
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reportAs("maxDepth", limits.maxDepth) }),
    onIntrospection(
      maxDepthRule({
        n: limits.maxIntrospectionDepth,
        ignoreIntrospection: false,
        flattenFragments: true,
        ...reportAs("maxIntrospectionDepth", limits.maxIntrospectionDepth),
      }),
    ),
    // `__typename` aliases count: each is cheap to answer, but hundreds of them are not cheap to validate.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...reportAs("maxAliases", limits.maxAliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs("maxDirectives", limits.maxDirectives) }),
  ];
}

/** Whether `source` holds more than `max` lexical tokens (counted as graphql-js's parser counts them). */
export function exceedsTokens(source: string, max: number): boolean {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) if (++tokens > max) return true;
  } catch {
    // A lexical error: the parser reports it (before or after the limit, as graphql-js counts).
    return false;
  }
  return false;
}
