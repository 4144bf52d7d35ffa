/**
 * The resolvers graphql-js calls directly (src/graph/direct.ts) answer what Type-GraphQL's own
 * resolvers answer: generated operations (test/fuzz/operation-generator.ts, error-heavy ones
 * included) run by graphql-js on the served schema and on the same schema with every field through
 * Type-GraphQL, each run on a context of its own. `data` must be the same bytes, and the errors the
 * same: message, path, locations and extensions. Their order is not compared: graphql-js lists
 * errors as they happen, and Type-GraphQL's wrapper adds promise hops that may reorder errors of
 * separate fields. Nor, when `data` is null, is which errors: a non-null root field failed, and
 * graphql-js reports the failures it met before it stopped, which depends on the same timing.
 *
 *   DIRECT_SEED=<n>   the generator's seed (default 20230612)
 *   DIRECT_COUNT=<n>  operations compared (default 5000)
 */
import { execute, Kind, parse, specifiedRules, validate, type ExecutionResult, type GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { buildGraphSchema } from "../../src/graph/schema";
import { OperationGenerator } from "../fuzz/operation-generator";
import { Harvest, seededRandom } from "../fuzz/query-generator";
import { FIXTURES } from "../helpers";

const SEED = Number(process.env.DIRECT_SEED ?? 20230612);
const COUNT = Number(process.env.DIRECT_COUNT ?? 5000);

const store = loadFacts(FIXTURES);
const served = buildGraphSchema();
const typeGraphQL = buildGraphSchema({ direct: false });

/** An error as a client reads it, without its place in the list. */
function errorKey(error: GraphQLError): string {
  return JSON.stringify({ message: error.message, path: error.path, locations: error.locations, extensions: error.extensions });
}

/**
 * The errors of an answer, split by where they can be told apart: those under a value that a
 * failure nulled were raised in a subtree graphql-js had given up on, and whether each one is in
 * the answer depends on when it settled, which a direct resolver (sync) and Type-GraphQL's
 * (async) change. Those count only as "some error under this null"; the rest must be equal.
 */
function splitErrors(data: unknown, errors: readonly GraphQLError[] = []): { exact: string[]; nulled: string[] } {
  const exact: string[] = [];
  const nulled = new Set<string>();
  for (const error of errors) {
    const path = error.path ?? [];
    let value: unknown = data;
    let under: string | null = null;
    for (let i = 0; i < path.length - 1 && value != null; i++) {
      value = (value as Record<string | number, unknown>)[path[i]!];
      if (value === null) under = JSON.stringify(path.slice(0, i + 1));
    }
    if (under === null) exact.push(errorKey(error));
    else nulled.add(under);
  }
  return { exact: exact.sort(), nulled: [...nulled].sort() };
}

describe(`direct resolvers (seed ${SEED}, ${COUNT} operations)`, () => {
  it("answer every generated operation as Type-GraphQL's resolvers do", async () => {
    const harvest = new Harvest();
    const random = seededRandom(SEED ^ 0xd1ec7);
    const generator = new OperationGenerator(served, seededRandom(SEED), harvest, {
      maxDepth: 6,
      maxAliases: 12,
      maxDirectives: 10,
      entityCrashers: false,
    });
    const rootFields = new Set<string>();
    let compared = 0;
    let withErrors = 0;
    let stopped = 0;
    for (let generated = 0; compared < COUNT && generated < COUNT * 4; generated++) {
      const op = generator.next(random() < 0.2 ? 10 : 1);
      const document = parse(op.query);
      if (validate(served, document, specifiedRules).length > 0) continue;
      const run = (schema: typeof served, id: string) =>
        execute({
          schema,
          document,
          variableValues: op.variables,
          operationName: op.operationName,
          contextValue: createContext(store, id),
        });
      const [direct, reference] = (await Promise.all([
        run(served, `direct-${compared}`),
        run(typeGraphQL, `tg-${compared}`),
      ])) as ExecutionResult[];
      const where = `operation ${compared} (seed ${SEED}):\n${op.query}\nvariables: ${JSON.stringify(op.variables)}`;
      expect(JSON.stringify(direct!.data), where).toBe(JSON.stringify(reference!.data));
      const directErrors = (direct!.errors ?? []).map(errorKey).sort();
      if (reference!.data === null) {
        // A non-null root field failed: graphql-js stops at the first failure it meets, and which
        // one that is depends on when each root field settles. Both must say the answer failed.
        stopped++;
        expect(directErrors.length, where).toBeGreaterThan(0);
      } else expect(splitErrors(direct!.data, direct!.errors), where).toEqual(splitErrors(reference!.data, reference!.errors));
      harvest.add(reference!.data);
      if (reference!.errors) withErrors++;
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        for (const selection of definition.selectionSet.selections) if (selection.kind === Kind.FIELD) rootFields.add(selection.name.value);
      }
      compared++;
    }
    expect(compared).toBe(COUNT);
    // The comparison says something only if it reached the root fields and the errors.
    const roots = Object.keys(served.getQueryType()!.getFields()).filter((name) => !name.startsWith("_"));
    expect(roots.filter((name) => !rootFields.has(name))).toEqual([]);
    expect(withErrors).toBeGreaterThan(COUNT / 20);
    // Answers whose errors are compared only in part stay a minority (about one in eight: the
    // error-heavy operations often refuse a root field's arguments).
    expect(stopped).toBeLessThan(COUNT / 4);
  }, 120_000);
});
