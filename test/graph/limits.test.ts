/** The request limits: what each counts, what a rejection says, and that the queries people send still pass. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { getIntrospectionQuery, getOperationAST, parse, specifiedRules, validate, type GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";
import { checkCost, CostLimit, DEFAULT_LIMITS, LIMIT_CODES, limitValidationRules, type Limits } from "../../src/graph/limits";
import { buildGraphSchema } from "../../src/graph/schema";
import { SANDBOX_DOCUMENT } from "../../src/sandbox";
import { startServer, type TestServer } from "../helpers";

const schema = buildGraphSchema();
const EXAMPLE = readFileSync(path.resolve(__dirname, "..", "..", "schema", "examples", "nested.graphql"), "utf8");

/** The limit errors validation reports for `query`, as a client sees them. */
function rejections(query: string, limits: Limits = DEFAULT_LIMITS) {
  return validate(schema, parse(query), [...specifiedRules, ...limitValidationRules(limits)]).map(view);
}

function view(e: GraphQLError) {
  const { code, limit, found } = e.extensions as Record<string, unknown>;
  return { message: e.message, code, limit, found };
}

function cost(query: string, variables?: Record<string, unknown>, limits: Pick<Limits, "maxCost"> = DEFAULT_LIMITS) {
  const document = parse(query);
  const error = checkCost(schema, document, getOperationAST(document)!, variables, limits);
  return error && view(error);
}

/** `{ countries { nodes { leaders { nodes { country { … name } } } } } }`, `hops` times leaders-nodes-country. */
const deep = (hops: number) => `{ countries { nodes { ${"leaders { nodes { country { ".repeat(hops)}name${" } } }".repeat(hops)} } } }`;

describe("document limits (checked before execution)", () => {
  it("depth: at most 12 levels, fragments counted, and the error names the limit and the depth found", () => {
    expect(rejections(deep(3))).toEqual([]); // 12 levels
    expect(rejections(deep(4))).toEqual([{ message: "Query depth limit of 12 exceeded, found 15.", code: "DEPTH_LIMIT_EXCEEDED", limit: 12, found: 15 }]);
    const viaFragments = `{ ...A } fragment A on Query { countries { nodes { ...B } } } fragment B on Country { leaders { nodes { country { leaders { nodes { country { leaders { nodes { name } } } } } } } } }`;
    // A fragment spread counts as a level, as graphql-armor counts it.
    expect(rejections(viaFragments)).toMatchObject([{ code: "DEPTH_LIMIT_EXCEEDED", limit: 12, found: 15 }]);
  });

  it("introspection: the standard introspection queries pass, deeper ones are refused", () => {
    for (const options of [{}, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true }]) {
      expect(rejections(getIntrospectionQuery(options))).toEqual([]);
    }
    const ofTypes = `{ __schema { types { ${"ofType { ".repeat(30)}name${" }".repeat(30)} } } }`;
    expect(rejections(ofTypes)).toEqual([
      { message: "Introspection query depth limit of 25 exceeded, found 33.", code: "INTROSPECTION_DEPTH_LIMIT_EXCEEDED", limit: 25, found: 33 },
    ]);
    // Hiding __schema in a fragment does not escape it.
    expect(rejections(`{ ...I } fragment I on Query { __schema { types { ${"ofType { ".repeat(30)}name${" }".repeat(30)} } } }`)).toMatchObject([
      { code: "INTROSPECTION_DEPTH_LIMIT_EXCEEDED" },
    ]);
  });

  it("aliases: at most 15, fragments counted, __typename free", () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: countries { totalCount }`).join(" ");
    expect(rejections(`{ ${aliases(15)} t1: __typename t2: __typename }`)).toEqual([]);
    expect(rejections(`{ ${aliases(16)} }`)).toEqual([{ message: "Alias limit of 15 exceeded, found 16.", code: "ALIAS_LIMIT_EXCEEDED", limit: 15, found: 16 }]);
    expect(rejections(`{ ...F ...F } fragment F on Query { ${aliases(8)} }`)).toMatchObject([{ code: "ALIAS_LIMIT_EXCEEDED", found: 16 }]);
  });

  it("directives: at most 50", () => {
    const directives = (n: number) => `{ ${"__typename @include(if: true) ".repeat(n)}}`;
    expect(rejections(directives(50))).toEqual([]);
    expect(rejections(directives(51))).toEqual([{ message: "Directive limit of 50 exceeded, found 51.", code: "DIRECTIVE_LIMIT_EXCEEDED", limit: 50, found: 51 }]);
  });

  it("each limit is the one configured", () => {
    const tight = { ...DEFAULT_LIMITS, maxDepth: 3, maxAliases: 1, maxDirectives: 1 };
    expect(rejections(`{ countries { nodes { name } } }`, tight)).toEqual([]);
    expect(rejections(`{ countries { nodes { leaders { totalCount } } } }`, tight)).toMatchObject([{ code: "DEPTH_LIMIT_EXCEEDED", limit: 3, found: 4 }]);
    expect(rejections(`{ a: countries { totalCount } b: countries { totalCount } }`, tight)).toMatchObject([{ code: "ALIAS_LIMIT_EXCEEDED", limit: 1 }]);
  });
});

describe("the cost limit (graphql-armor's cost, with the request's variables)", () => {
  it("lets the README's walk through the graph and the Sandbox query through", () => {
    expect(cost(EXAMPLE, { first: 10 })).toBeNull();
    expect(cost(SANDBOX_DOCUMENT)).toBeNull();
  });

  it("counts first/last whether literal or variable, and says what the operation cost", () => {
    const literal = cost(`{ countries(first: 100) { nodes { leaders(first: 100) { nodes { name } } } } }`);
    expect(literal).toEqual({ message: "Query cost limit of 10000 exceeded, found 163625.", code: "COST_LIMIT_EXCEEDED", limit: 10000, found: 163625 });
    const byVariable = `query($n: Int) { countries(first: $n) { nodes { leaders(first: $n) { nodes { name } } } } }`;
    expect(cost(byVariable, { n: 100 })).toEqual(literal);
    expect(cost(byVariable, { n: 2 })).toBeNull();
    // A default value counts when the variable is not given.
    expect(cost(`query($n: Int = 100) { countries(first: $n) { nodes { leaders(first: $n) { nodes { name } } } } }`)).toEqual(literal);
    expect(cost(EXAMPLE, { first: 14 })).toMatchObject({ code: "COST_LIMIT_EXCEEDED", found: expect.any(Number) });
  });

  it("counts the IDs given to nodes(ids:)", () => {
    const q = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Country { leaders(first: 10) { nodes { visits(first: 10) { totalCount } } } } } }`;
    expect(cost(q, { ids: ["a"] })).toBeNull();
    expect(cost(q, { ids: Array(100).fill("a") })).toMatchObject({ code: "COST_LIMIT_EXCEEDED" });
  });

  it("caps page sizes and ID lists where the resolvers refuse more, so those get the resolvers' clearer errors", () => {
    expect(cost(`{ visits(first: 2147483647) { totalCount } }`)).toBeNull();
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(10_000).fill("a") })).toBeNull();
  });

  it("gives a server the same outcome from memory, for each document, operation and row variables", () => {
    const limit = new CostLimit(DEFAULT_LIMITS);
    const document = parse(`query Cheap($name: String!) { search(query: $name) { __typename } }
      query Dear($n: Int, $ids: [ID!]!) { countries(first: $n) { nodes { leaders(first: $n) { nodes { name } } } } nodes(ids: $ids) { id } }`);
    const cheap = getOperationAST(document, "Cheap")!;
    const dear = getOperationAST(document, "Dear")!;
    const cases: [typeof dear, Record<string, unknown>][] = [
      [dear, { n: 100, ids: [] }],
      [dear, { n: 2, ids: [] }],
      [dear, { n: 100, ids: [] }],
      [dear, { n: 2, ids: Array(100).fill("a") }],
      [dear, { n: 2, ids: [] }],
      [cheap, { name: "Raisi" }],
      [cheap, { name: "Maduro" }],
    ];
    const seen = new Set<unknown>();
    for (const [operation, variables] of cases) {
      const remembered = limit.check(schema, document, operation, variables);
      const computed = checkCost(schema, document, operation, variables, DEFAULT_LIMITS);
      expect(remembered && view(remembered)).toEqual(computed && view(computed));
      // A new error each time: errors are linked to the request that met them.
      if (remembered) expect(seen.has(remembered)).toBe(false);
      seen.add(remembered);
    }
  });

  it("counts only the operation that runs", () => {
    const document = parse(`query Cheap { __typename } query Dear { countries(first: 100) { nodes { leaders(first: 100) { nodes { name } } } } }`);
    expect(checkCost(schema, document, getOperationAST(document, "Cheap")!, {}, DEFAULT_LIMITS)).toBeNull();
    expect(checkCost(schema, document, getOperationAST(document, "Dear")!, {}, DEFAULT_LIMITS)).not.toBeNull();
  });
});

describe("limits over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(undefined, { limits: { maxTokens: 200, maxCost: 50 } });
  });
  afterAll(() => server.close());

  it("refuses a document over the token limit with TOKEN_LIMIT_EXCEEDED, never a 500", async () => {
    const res = await server.gql(`{ ${"__typename ".repeat(200)}}`);
    expect(res).toEqual({ status: 400, errors: [{ message: "Token limit of 200 exceeded.", locations: [{ line: 1, column: 2192 }], extensions: { code: "TOKEN_LIMIT_EXCEEDED", limit: 200 } }] });
    // A syntax error within the limit is still a parse error with 400.
    expect(await server.gql(`{ countries {`)).toMatchObject({ status: 400, errors: [{ extensions: { code: "GRAPHQL_PARSE_FAILED" } }] });
  });

  it("refuses an operation over the cost limit with COST_LIMIT_EXCEEDED before it runs", async () => {
    server.batches.clear();
    const res = await server.gql(`query($n: Int) { countries(first: $n) { nodes { leaders { nodes { name } } } } }`, { n: 20 });
    expect(res).toMatchObject({ status: 400, errors: [{ extensions: { code: "COST_LIMIT_EXCEEDED", limit: 50 } }] });
    expect(res.data).toBeUndefined();
    expect(server.batches.size).toBe(0);
  });

  it("lets the introspection query through", async () => {
    const res = await server.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }).replace(/\s+/g, " "));
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
  });
});

describe("configuration", () => {
  it("reads every limit from the environment, with defaults", () => {
    expect(loadConfig({}).limits).toEqual(DEFAULT_LIMITS);
    const env = { MAX_DEPTH: "8", MAX_INTROSPECTION_DEPTH: "30", MAX_ALIASES: "5", MAX_DIRECTIVES: "10", MAX_TOKENS: "500", MAX_COST: "2000", BODY_LIMIT_BYTES: "65536", EXECUTION_TIMEOUT_MS: "1000" };
    expect(loadConfig(env).limits).toEqual({ maxDepth: 8, maxIntrospectionDepth: 30, maxAliases: 5, maxDirectives: 10, maxTokens: 500, maxCost: 2000, bodyLimitBytes: 65536, executionTimeoutMs: 1000 });
  });

  it("refuses limits that are not positive integers, and stack traces outside development", () => {
    expect(() => loadConfig({ MAX_DEPTH: "deep" })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_COST: "0" })).toThrow(/MAX_COST/);
    expect(() => loadConfig({ INCLUDE_STACKTRACE: "true" })).toThrow(/INCLUDE_STACKTRACE: stack traces in responses are for development only/);
    expect(loadConfig({ INCLUDE_STACKTRACE: "true", NODE_ENV: "development" }).includeStacktrace).toBe(true);
  });

  it("documents every limit in the README with its variable, default and code", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Security and limits"));
    const env: Record<keyof Limits, string> = {
      maxDepth: "MAX_DEPTH",
      maxIntrospectionDepth: "MAX_INTROSPECTION_DEPTH",
      maxAliases: "MAX_ALIASES",
      maxDirectives: "MAX_DIRECTIVES",
      maxTokens: "MAX_TOKENS",
      maxCost: "MAX_COST",
      bodyLimitBytes: "BODY_LIMIT_BYTES",
      executionTimeoutMs: "EXECUTION_TIMEOUT_MS",
    };
    for (const [key, variable] of Object.entries(env) as [keyof Limits, string][]) {
      const row = section.split("\n").find((line) => line.includes(`\`${variable}\``));
      expect(row, variable).toBeDefined();
      expect(row!.replace(/[,_]/g, ""), variable).toContain(`\`${DEFAULT_LIMITS[key]}\``);
      if (key in LIMIT_CODES) expect(row, variable).toContain(LIMIT_CODES[key as keyof typeof LIMIT_CODES].code);
    }
  });
});
