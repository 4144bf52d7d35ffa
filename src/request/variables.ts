/**
 * Bounds on the variables a client sends, checked before anything walks them (the cost estimate,
 * coercion, the JSON of a memo key): the length of their JSON, how deep one variable's value
 * nests, and how long any list in it is. Walked with a stack of its own, not by recursion, so that
 * no value is too deep to be refused.
 */
import { GraphQLError } from "graphql";
import type { Limits } from "./limits";

export type VariableLimits = Pick<Limits, "maxVariablesLength" | "maxVariableDepth" | "maxVariableListLength">;

/** Variables over one of the bounds: the client can fix them by sending less. */
export class VariablesLimitError extends GraphQLError {
  constructor(message: string, variable: string, max: number) {
    super(message, { extensions: { code: "BAD_USER_INPUT", variable, limit: max, http: { status: 400 } } });
  }
}

/** Characters of a JSON primitive as JSON.stringify writes it. */
function primitiveLength(value: unknown): number {
  if (typeof value === "string") return JSON.stringify(value).length;
  if (typeof value === "number") return Number.isFinite(value) ? String(value).length : 4;
  if (typeof value === "boolean") return value ? 4 : 5;
  return 4; // null
}

/**
 * The first bound the variables exceed, as the error to refuse them with; null when they fit.
 * The length counted is that of the variables written as compact JSON (`JSON.stringify`).
 */
export function checkVariables(variables: unknown, limits: VariableLimits): VariablesLimitError | null {
  if (variables === null || typeof variables !== "object") return null;
  let length = 2;
  const names = Object.keys(variables);
  for (const [index, name] of names.entries()) {
    length += JSON.stringify(name).length + 1 + (index > 0 ? 1 : 0);
    // Values still to count, each with how deep it sits in the variable's value.
    const pending: [unknown, number][] = [[(variables as Record<string, unknown>)[name], 0]];
    while (pending.length > 0) {
      const [value, depth] = pending.pop()!;
      if (value === null || typeof value !== "object") {
        length += primitiveLength(value);
      } else {
        if (depth + 1 > limits.maxVariableDepth) {
          return new VariablesLimitError(
            `Variable "$${name}" nests lists and objects more than ${limits.maxVariableDepth} deep; send a flatter value.`,
            name,
            limits.maxVariableDepth,
          );
        }
        const items = Array.isArray(value) ? value : Object.values(value);
        if (Array.isArray(value) && value.length > limits.maxVariableListLength) {
          return new VariablesLimitError(
            `Variable "$${name}" holds a list of ${value.length} items; a list takes at most ${limits.maxVariableListLength}.`,
            name,
            limits.maxVariableListLength,
          );
        }
        // Brackets and commas; an object's keys with their quotes and colons.
        length += 2 + Math.max(0, items.length - 1);
        if (!Array.isArray(value)) for (const key of Object.keys(value)) length += JSON.stringify(key).length + 1;
        for (const item of items) pending.push([item, depth + 1]);
      }
      if (length > limits.maxVariablesLength) {
        return new VariablesLimitError(
          `The variables are longer than ${limits.maxVariablesLength} characters of JSON (past the limit in "$${name}"); send less.`,
          name,
          limits.maxVariablesLength,
        );
      }
    }
  }
  return null;
}
