/**
 * graphql-js calls the decorated methods directly, through functions derived from Type-GraphQL's
 * metadata (src/graph/assembly/direct.ts), and they answer what Type-GraphQL's own wrapper answers.
 *
 * Every query and field resolver the metadata declares for the served schema is derived. A probe
 * resolver that takes every kind of parameter gets, derived, what Type-GraphQL gives it, defaults
 * of arguments and of input fields included; one that needs what only the wrapper does is refused.
 *
 * Then generated operations (test/fuzz/operation-generator.ts, error-heavy ones included) run by
 * graphql-js on the served schema and on the same schema with every field through Type-GraphQL,
 * each run on a context of its own. `data` must be the same bytes, and the errors the same:
 * message, path, locations and extensions. Their order is not compared: graphql-js lists errors as
 * they happen, and Type-GraphQL's wrapper adds promise hops that may reorder errors of separate
 * fields. Nor, when `data` is null, is which errors: a non-null root field failed, and graphql-js
 * reports the failures it met before it stopped, which depends on the same timing.
 *
 *   DIRECT_SEED=<n>   the generator's seed (default 20230612)
 *   DIRECT_COUNT=<n>  operations compared (default 5000)
 */
import {
  execute,
  isObjectType,
  Kind,
  parse,
  specifiedRules,
  validate,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from "graphql";
import {
  Arg,
  Args,
  ArgsType,
  buildSchemaSync,
  Ctx,
  Field,
  FieldResolver,
  getMetadataStorage,
  Info,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from "type-graphql";
import { describe, expect, it } from "vitest";
import { createContext, type Context } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { directResolvers } from "../../src/graph/assembly/direct";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { OperationGenerator } from "../fuzz/operation-generator";
import { Harvest, seededRandom } from "../fuzz/query-generator";
import { FIXTURES } from "../helpers";

const SEED = Number(process.env.DIRECT_SEED ?? 20230612);
const COUNT = Number(process.env.DIRECT_COUNT ?? 5000);

const store = loadFacts(FIXTURES);
const served = buildGraphSchema();
const typeGraphQL = buildGraphSchema({ direct: false });

/** `Type.field` of every query and field resolver Type-GraphQL's metadata holds. */
function declaredFields(): string[] {
  const storage = getMetadataStorage();
  const typeName = (type: unknown) =>
    (storage.objectTypes.find((t) => t.target === type) ?? storage.interfaceTypes.find((t) => t.target === type))?.name;
  return [
    ...storage.queries.map((query) => `Query.${query.schemaName}`),
    ...storage.fieldResolvers.map((field) => `${typeName(field.getObjectType?.())}.${field.schemaName}`),
  ];
}

/** The function graphql-js calls for `Type.field` of `schema`. */
function resolverOf(schema: GraphQLSchema, key: string) {
  const [typeName, fieldName] = key.split(".") as [string, string];
  const type = schema.getType(typeName);
  return isObjectType(type) ? type.getFields()[fieldName]?.resolve : undefined;
}

describe("resolvers derived from Type-GraphQL's metadata", () => {
  it("derive every query and field resolver of the served schema", () => {
    const declared = [...new Set(declaredFields())].filter((key) => resolverOf(served, key));
    // Connections, relations both ways, lookups, lists, search, node and the hand-written ones.
    expect(declared.length).toBeGreaterThan(100);
    for (const key of declared) {
      // Type-GraphQL's wrapper is one function text for every field; a derived function is not it.
      expect(String(resolverOf(served, key)), key).not.toBe(String(resolverOf(typeGraphQL, key)));
    }
  });

  it("give a method every kind of parameter as Type-GraphQL gives it, defaults applied", async () => {
    @InputType("ProbeWindow")
    class ProbeWindow {
      @Field(() => Int, { defaultValue: 3 })
      size!: number;

      @Field(() => [String], { nullable: true })
      tags?: string[] | null;
    }

    @ArgsType()
    class ProbePage {
      @Field(() => Int, { nullable: true })
      first?: number | null;

      @Field(() => String, { defaultValue: "start" })
      after!: string;
    }

    @ObjectType("ProbeResult")
    class ProbeResult {
      @Field(() => String)
      seen!: string;
    }

    @Resolver(() => ProbeResult)
    class ProbeResolver {
      @Query(() => ProbeResult)
      probe(
        @Info() info: GraphQLResolveInfo,
        @Arg("window", () => ProbeWindow, { nullable: true }) window: ProbeWindow | undefined,
        @Ctx("requestId") requestId: string,
        @Args(() => ProbePage) page: ProbePage,
        @Arg("word", () => String, { defaultValue: "hello" }) word: string,
        @Ctx() ctx: Context,
      ) {
        return { seen: JSON.stringify([info.fieldName, window, requestId, page, word, ctx.requestId === requestId]) };
      }

      @FieldResolver(() => String)
      echo(@Root() root: { seen: string }, @Arg("times", () => Int, { defaultValue: 2 }) times: number) {
        return root.seen.repeat(times).length.toString();
      }
    }

    const schema = buildSchemaSync({ resolvers: [ProbeResolver], validate: false, skipCheck: true });
    const derived = directResolvers([ProbeResolver]);
    expect(Object.keys(derived).sort()).toEqual(["ProbeResult", "Query"]);
    const documents = [
      "{ probe { seen echo } }",
      '{ probe(window: { tags: ["a", "b"] }, first: 2, word: "hi") { seen echo(times: 3) } }',
      '{ probe(window: { size: 7, tags: null }, after: "x") { seen } }',
    ];
    const run = (query: string) => execute({ schema, document: parse(query), contextValue: createContext(store, "probe") });
    const probe = schema.getQueryType()!.getFields().probe!;
    const echo = (schema.getType("ProbeResult") as GraphQLObjectType).getFields().echo!;
    const wrapped = { probe: probe.resolve, echo: echo.resolve };
    for (const query of documents) {
      const answer = await run(query);
      expect(answer.errors, query).toBeUndefined();
      probe.resolve = derived.Query!.probe;
      echo.resolve = derived.ProbeResult!.echo;
      try {
        // Type-GraphQL copies input objects into their classes: the same properties, as JSON shows them.
        expect(JSON.stringify(await run(query)), query).toBe(JSON.stringify(answer));
      } finally {
        probe.resolve = wrapped.probe;
        echo.resolve = wrapped.echo;
      }
    }
  });

  it("refuse a method that needs what only Type-GraphQL's wrapper does, naming the field", () => {
    @InputType("ProbeRange")
    class ProbeRange {
      @Field(() => Int)
      from!: number;

      width(): number {
        return 1;
      }
    }

    @InputType("ProbeSpan")
    class ProbeSpan {
      @Field(() => ProbeRange)
      range!: ProbeRange;
    }

    @Resolver()
    class NestedResolver {
      @Query(() => Int)
      probeSpan(@Arg("span", () => ProbeSpan) span: ProbeSpan) {
        return span.range.width();
      }
    }

    @Resolver()
    class BehaviourResolver {
      @Query(() => Int)
      probeRange(@Arg("range", () => ProbeRange) range: ProbeRange) {
        return range.width();
      }
    }

    @Resolver()
    class MiddlewareResolver {
      @Query(() => Int)
      @UseMiddleware(async (_data, next) => next())
      probeMiddleware() {
        return 1;
      }
    }

    buildSchemaSync({ resolvers: [BehaviourResolver, NestedResolver, MiddlewareResolver], validate: false, skipCheck: true });
    expect(() => directResolvers([BehaviourResolver])).toThrow('Query.probeRange: argument "range" is an input class with methods');
    expect(() => directResolvers([NestedResolver])).toThrow(
      'Query.probeSpan: argument "span" is an input class with methods, or holds one',
    );
    expect(() => directResolvers([MiddlewareResolver])).toThrow("Query.probeMiddleware: has middlewares or roles.");
  });
});

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
