/**
 * Compiled execution behind Apollo Server: graphql-jit turns an operation
 * document into a JavaScript function the second time Apollo executes it, and
 * reuses that function for as long as Apollo keeps the parsed document.
 * Apollo still parses, validates, runs every plugin, negotiates and formats;
 * only the executor changes, through Apollo's public `gateway` option.
 *
 * The answers are graphql-js's, exactly:
 * - a compiled result with any error is thrown away and the operation run
 *   again by graphql-js's `execute`, as Apollo would have run it, so every
 *   error (message, path, locations, extensions, HTTP status) is graphql-js's;
 *   resolvers only read the immutable store, so running one twice is safe;
 * - documents graphql-jit cannot compile, and requests whose resolvers Apollo
 *   instruments (a plugin with `willResolveField`, e.g. a federated trace
 *   asked for with `apollo-federation-include-trace`), run on graphql-js;
 * - the test suite runs on this path, and a test compares both executors.
 *
 * graphql-jit resolves abstract types synchronously: schema.ts gives every
 * interface and union a synchronous `resolveType`.
 */
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { CompiledQuery } from "graphql-jit";

/**
 * How many times a document runs on graphql-js before it is compiled. Compiling costs a few times
 * one execution (about 2 ms for the README's nested query, 15 to 30 ms for an introspection query),
 * so one-off queries never pay for it.
 */
export const COMPILE_AFTER = 1;

interface Entry {
  runs: number;
  /** The compiled operation; null when graphql-jit cannot compile it. */
  compiled?: CompiledQuery | null;
}

/** Whether Apollo instruments this request's resolvers (it marks the context with a symbol when a plugin has `willResolveField`). */
function instrumented(context: object): boolean {
  return Object.getOwnPropertySymbols(context).length > 0;
}

export class CompiledExecution {
  /** How many operations each engine answered. */
  readonly answered = { compiled: 0, graphqlJs: 0 };
  /** Per document (as Apollo caches it), per operation name. */
  private readonly entries = new WeakMap<DocumentNode, Map<string | null, Entry>>();

  constructor(
    private readonly schema: GraphQLSchema,
    /** Runs on graphql-js before compiling; the tests use 0 so that every query of the suite runs compiled. */
    private readonly compileAfter = COMPILE_AFTER,
  ) {}

  /** graphql-js, exactly as Apollo runs an operation. */
  private interpret(rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> {
    return Promise.resolve(
      execute({
        schema: this.schema,
        document: rc.document,
        contextValue: rc.context,
        variableValues: rc.request.variables,
        operationName: rc.request.operationName,
      }),
    );
  }

  private async compiledFor(document: DocumentNode, operationName: string | null): Promise<CompiledQuery | null> {
    let byName = this.entries.get(document);
    if (!byName) this.entries.set(document, (byName = new Map()));
    let entry = byName.get(operationName);
    if (!entry) byName.set(operationName, (entry = { runs: 0 }));
    if (entry.compiled !== undefined) return entry.compiled;
    if (++entry.runs <= this.compileAfter) return null;
    // Loaded on first use, not at start-up.
    const { compileQuery, isCompiledQuery } = await import("graphql-jit");
    const compiled = compileQuery(this.schema, document, operationName ?? undefined);
    entry.compiled = isCompiledQuery(compiled) ? compiled : null;
    return entry.compiled;
  }

  readonly executor: GatewayExecutor = async (rc) => {
    const compiled = instrumented(rc.context) ? null : await this.compiledFor(rc.document, rc.request.operationName ?? null);
    if (compiled) {
      const result = await compiled.query(undefined, rc.context, rc.request.variables ?? {});
      if (!result.errors) {
        this.answered.compiled++;
        return result as ExecutionResult<Record<string, unknown>>;
      }
    }
    this.answered.graphqlJs++;
    return (await this.interpret(rc)) as ExecutionResult<Record<string, unknown>>;
  };

  /** Apollo Server's `gateway` option: this schema, executed by `executor`. */
  gateway(): GatewayInterface {
    const schema = this.schema;
    return {
      load: async () => ({ executor: this.executor }),
      onSchemaLoadOrUpdate: (callback) => {
        callback({
          apiSchema: schema,
          // Only Apollo's schema reporting reads this; print it only then.
          get coreSupergraphSdl() {
            return printSchema(schema);
          },
        });
        return () => {};
      },
      stop: async () => {},
    };
  }
}
