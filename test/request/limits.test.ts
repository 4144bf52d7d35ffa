/** The request limits: what each counts, what a rejection says, and that the queries people send still pass. */
import { getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, SETTINGS } from "../../src/config";
import { DEFAULT_LIMITS, exceedsTokens, LIMIT_CODES, limitValidationRules, type Limits } from "../../src/request/limits";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { startServer, type TestServer } from "../helpers";

const schema = buildGraphSchema();

/** The limit errors validation reports for `query`, as a client sees them. */
function rejections(query: string, limits: Limits = DEFAULT_LIMITS) {
  return validate(schema, parse(query), [...specifiedRules, ...limitValidationRules(limits)]).map(view);
}

function view(e: GraphQLError) {
  const { code, limit, found } = e.extensions as Record<string, unknown>;
  return { message: e.message, code, limit, found };
}

/** `{ countries { nodes { leaders { nodes { country { … name } } } } } }`, `hops` times leaders-nodes-country. */
const deep = (hops: number) => `{ countries { nodes { ${"leaders { nodes { country { ".repeat(hops)}name${" } } }".repeat(hops)} } } }`;

describe("document limits (checked before execution)", () => {
  it("depth: at most 12 levels of fields, fragments adding none, and the error names the limit", () => {
    expect(rejections(deep(3))).toEqual([]); // 12 levels
    expect(rejections(deep(4))).toEqual([
      { message: "Query depth limit of 12 exceeded.", code: "DEPTH_LIMIT_EXCEEDED", limit: 12, found: undefined },
    ]);
    // The walk of deep(3) split into colocated fragments, as Relay and Apollo Client apps write it: the same 12 levels.
    const viaFragments = `{ ...A } fragment A on Query { countries { nodes { ...B } } } fragment B on Country { leaders { nodes { ...C } } }
      fragment C on Leader { country { leaders { nodes { ...D } } } } fragment D on Leader { country { leaders { nodes { country { name } } } } }`;
    expect(rejections(viaFragments)).toEqual([]);
    const inline = `{ countries { nodes { ... on Country { leaders { nodes { ... on Leader { country { leaders { nodes { country { leaders { nodes { country { name } } } } } } } } } } } } } }`;
    expect(rejections(inline)).toEqual([]);
    // Fragments do not hide depth either: one level more through them is refused.
    expect(rejections(`${viaFragments.replace("country { name }", "country { leaders { totalCount } }")}`)).toMatchObject([
      { code: "DEPTH_LIMIT_EXCEEDED", limit: 12 },
    ]);
  });

  it("introspection: the standard introspection queries pass, deeper ones are refused", () => {
    for (const options of [
      {},
      {
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      },
    ]) {
      expect(rejections(getIntrospectionQuery(options))).toEqual([]);
    }
    const ofTypes = `{ __schema { types { ${"ofType { ".repeat(30)}name${" }".repeat(30)} } } }`;
    expect(rejections(ofTypes)).toEqual([
      {
        message: "Introspection query depth limit of 25 exceeded.",
        code: "INTROSPECTION_DEPTH_LIMIT_EXCEEDED",
        limit: 25,
        found: undefined,
      },
    ]);
    // Hiding __schema in a fragment does not escape it.
    expect(
      rejections(`{ ...I } fragment I on Query { __schema { types { ${"ofType { ".repeat(30)}name${" }".repeat(30)} } } }`),
    ).toMatchObject([{ code: "INTROSPECTION_DEPTH_LIMIT_EXCEEDED" }]);
  });

  it("aliases: at most 15, fragments and __typename aliases counted", () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: countries { totalCount }`).join(" ");
    expect(rejections(`{ ${aliases(13)} t1: __typename t2: __typename }`)).toEqual([]);
    expect(rejections(`{ ${aliases(16)} }`)).toEqual([
      { message: "Alias limit of 15 exceeded.", code: "ALIAS_LIMIT_EXCEEDED", limit: 15, found: undefined },
    ]);
    expect(rejections(`{ ...F ...F } fragment F on Query { ${aliases(8)} }`)).toMatchObject([{ code: "ALIAS_LIMIT_EXCEEDED" }]);
    // Hundreds of distinct __typename aliases fit under the token limit, and each costs validation time: they count.
    const typenames = Array.from({ length: 300 }, (_, i) => `t${i}: __typename`).join(" ");
    expect(rejections(`{ ${typenames} }`)).toMatchObject([{ code: "ALIAS_LIMIT_EXCEEDED", limit: 15 }]);
  });

  it("directives: at most 50", () => {
    const directives = (n: number) => `{ ${"__typename @include(if: true) ".repeat(n)}}`;
    expect(rejections(directives(50))).toEqual([]);
    expect(rejections(directives(51))).toEqual([
      { message: "Directive limit of 50 exceeded.", code: "DIRECTIVE_LIMIT_EXCEEDED", limit: 50, found: undefined },
    ]);
  });

  it("each limit is the one configured", () => {
    const tight = { ...DEFAULT_LIMITS, maxDepth: 3, maxAliases: 1, maxDirectives: 1 };
    expect(rejections(`{ countries { nodes { name } } }`, tight)).toEqual([]);
    expect(rejections(`{ countries { nodes { leaders { totalCount } } } }`, tight)).toMatchObject([
      { code: "DEPTH_LIMIT_EXCEEDED", limit: 3 },
    ]);
    expect(rejections(`{ a: countries { totalCount } b: countries { totalCount } }`, tight)).toMatchObject([
      { code: "ALIAS_LIMIT_EXCEEDED", limit: 1 },
    ]);
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
    expect(res).toEqual({
      status: 400,
      errors: [
        {
          message: "Token limit of 200 exceeded.",
          locations: [{ line: 1, column: 2192 }],
          extensions: { code: "TOKEN_LIMIT_EXCEEDED", limit: 200 },
        },
      ],
    });
    // A syntax error within the limit is still a parse error with 400.
    expect(await server.gql(`{ countries {`)).toMatchObject({ status: 400, errors: [{ extensions: { code: "GRAPHQL_PARSE_FAILED" } }] });
  });

  it("counts tokens as graphql-js's parser does: comments are not tokens", () => {
    expect(exceedsTokens(`{ a b c }`, 5)).toBe(false);
    expect(exceedsTokens(`{ a b c d }`, 5)).toBe(true);
    expect(exceedsTokens(`# one\n{ a # two\n b c }`, 5)).toBe(false);
    // A lexical error is the parser's to report.
    expect(exceedsTokens(`{ a "unterminated`, 5)).toBe(false);
  });

  it("refuses an operation over the cost limit with COST_LIMIT_EXCEEDED before it runs", async () => {
    server.batches.clear();
    const res = await server.gql(`query($n: Int) { countries(first: $n) { nodes { leaders { nodes { name } } } } }`, { n: 20 });
    // 1 + 20 countries × (1 + their leaders: 1 + 20 × 1).
    expect(res).toMatchObject({ status: 400, errors: [{ extensions: { code: "COST_LIMIT_EXCEEDED", limit: 50, found: 441 } }] });
    expect(res.extensions).toEqual({ cost: { requestedQueryCost: 441, maximumQueryCost: 50, rateLimitPoints: 441 } });
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
    const env = {
      MAX_DEPTH: "8",
      MAX_INTROSPECTION_DEPTH: "30",
      MAX_ALIASES: "5",
      MAX_DIRECTIVES: "10",
      MAX_TOKENS: "500",
      MAX_COST: "2000",
      MAX_INTROSPECTION_COST: "9000",
      BODY_LIMIT_BYTES: "65536",
      EXECUTION_TIMEOUT_MS: "1000",
      MAX_VARIABLES_LENGTH: "4096",
      MAX_VARIABLE_DEPTH: "4",
      MAX_VARIABLE_LIST_LENGTH: "100",
    };
    expect(loadConfig(env).limits).toEqual({
      maxDepth: 8,
      maxIntrospectionDepth: 30,
      maxAliases: 5,
      maxDirectives: 10,
      maxTokens: 500,
      maxCost: 2000,
      maxIntrospectionCost: 9000,
      bodyLimitBytes: 65536,
      executionTimeoutMs: 1000,
      maxVariablesLength: 4096,
      maxVariableDepth: 4,
      maxVariableListLength: 100,
    });
  });

  it("refuses limits that are not positive integers, and stack traces outside development", () => {
    expect(() => loadConfig({ MAX_DEPTH: "deep" })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_COST: "0" })).toThrow(/MAX_COST/);
    expect(() => loadConfig({ INCLUDE_STACKTRACE: "true" })).toThrow(
      /INCLUDE_STACKTRACE: stack traces in responses are for development only/,
    );
    expect(loadConfig({ INCLUDE_STACKTRACE: "true", NODE_ENV: "development" }).includeStacktrace).toBe(true);
  });

  it("names each limit's error code in the setting's description (and so in the README's table)", () => {
    for (const [key, { code }] of Object.entries(LIMIT_CODES)) {
      expect(SETTINGS.limits[key as keyof typeof SETTINGS.limits].description, key).toContain(`\`${code}\``);
    }
  });
});
