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
import { type Config, DEFAULTS } from "../config";

/** What one request may ask for (config.ts describes each). */
export type Limits = Config["limits"];

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({ ...DEFAULTS.limits });

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

/** A document over one of the limits: the client can fix it by asking for less (`details` may say how). */
export class LimitExceededError extends GraphQLError {
  constructor(
    readonly limit: DocumentLimit,
    max: number,
    found?: number,
    details?: { hint: string; extensions: Record<string, unknown> },
  ) {
    const { code, what } = LIMIT_CODES[limit];
    super(`${what} limit of ${max} exceeded${found === undefined ? "" : `, found ${found}`}.${details ? ` ${details.hint}` : ""}`, {
      extensions: { code, limit: max, ...(found === undefined ? {} : { found }), ...details?.extensions, http: { status: 400 } },
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

/** The code of a request that ran out of time (`EXECUTION_TIMEOUT_MS`), answered 504. */
export const EXECUTION_TIMEOUT = "EXECUTION_TIMEOUT";
