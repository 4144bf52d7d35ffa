/**
 * Schema-driven fuzzing: at least 1,000 random valid operations, generated from
 * the live schema (fetched by introspection, so new fields are fuzzed as soon
 * as they are served) within the request limits, none of which may get an
 * unexpected error. Seeded: FUZZ_SEED=<n> replays a run; a failure names its seed.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, limitValidationRules } from "../../src/request/limits";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { CostModel } from "../../src/request/cost";
import { Harvest, QueryGenerator, seededRandom, type Generated } from "../fuzz/query-generator";
import { startServer, type TestServer } from "../helpers";

const SEED = Number(process.env.FUZZ_SEED ?? 20230612);
const RUNS = 1000;
/** The errors a valid operation may still get: a value the schema's types allow but the API refuses (a date filter that is not a date, a Node ID of another type). */
const EXPECTED_CODES = new Set(["BAD_USER_INPUT"]);

let server: TestServer;
let schema: GraphQLSchema;
beforeAll(async () => {
  server = await startServer();
  const res = await server.gql<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(res.data!);
});
afterAll(() => server.close());

/** The server's own cost model (it reads the cost directives, which introspection does not carry). */
const costs = new CostModel(buildGraphSchema());

/** Whether the operation is valid and within the server's limits, checked here as the server checks it. */
function withinLimits({ query, variables }: Generated): boolean {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query, { maxTokens: DEFAULT_LIMITS.maxTokens });
  } catch {
    return false;
  }
  if (validate(schema, document, [...specifiedRules, ...limitValidationRules(DEFAULT_LIMITS)]).length) return false;
  const estimate = costs.estimate(document, undefined, variables);
  return !estimate || (estimate.cost <= DEFAULT_LIMITS.maxCost && estimate.introspection <= DEFAULT_LIMITS.maxIntrospectionCost);
}

describe(`schema-driven fuzzing (seed ${SEED})`, () => {
  it(`answers ${RUNS} random valid operations without an unexpected error`, async () => {
    const harvest = new Harvest();
    const generator = new QueryGenerator(schema, seededRandom(SEED), harvest, DEFAULT_LIMITS);
    const failures: string[] = [];
    const rootFields = new Set<string>();
    let sent = 0;
    let clean = 0;
    let refusedLocally = 0;
    for (let attempt = 0; sent < RUNS && attempt < RUNS * 3; attempt++) {
      const op = generator.next();
      if (!withinLimits(op)) {
        refusedLocally++;
        continue;
      }
      sent++;
      const res = await server.gql(op.query, op.variables);
      harvest.add(res.data);
      for (const f of op.rootFields) rootFields.add(f);
      const unexpected = (res.errors ?? []).filter((e) => !EXPECTED_CODES.has(String(e.extensions?.code)));
      if (res.status !== 200 || unexpected.length) {
        failures.push(
          `seed ${SEED}, operation ${sent}: ${res.status} ${JSON.stringify(unexpected)}\n${op.query}\n${JSON.stringify(op.variables)}`,
        );
      } else if (!res.errors) {
        clean++;
      }
    }
    expect(failures.slice(0, 3)).toEqual([]);
    expect(sent).toBe(RUNS);
    // Not a fuzzer of refusals: most operations run clean, and few are thrown away for the limits.
    expect(clean / sent).toBeGreaterThan(0.75);
    expect(refusedLocally).toBeLessThan(RUNS / 2);
    // Every root field the schema serves has been fuzzed.
    const served = Object.keys(schema.getQueryType()!.getFields()).filter((f) => !f.startsWith("_"));
    expect([...rootFields].sort()).toEqual(served.sort());
    // A thousand requests in turn: on a loaded 2-core machine this takes well past the default 30 s.
  }, 180_000);
});
