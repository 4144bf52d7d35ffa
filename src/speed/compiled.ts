/**
 * Compiled execution behind Apollo Server: graphql-jit turns an operation into a JavaScript
 * function once graphql-js has run it without errors (from its second run), through Apollo's
 * public `gateway` option. Apollo still parses, validates, runs every plugin, negotiates and formats; only the
 * executor changes.
 *
 * Every answer stays graphql-js's (test/fuzz/differential.test.ts compares them byte for byte):
 * - a compiled result with any error, or a compiled run that throws, is thrown away and the
 *   operation run again by graphql-js on a fresh context (new loaders), exactly as a first run
 *   would: which error graphql-js reports first depends on what the loaders already hold. The
 *   operation then stays on graphql-js, so that runs twice over (twice the loader batches) stay
 *   rare: an operation is compiled only after a run without errors, and drops out at its first
 *   compiled run with one (but for variables refused before any resolver ran, and for a request
 *   that ran out of time: `keepsOut`);
 * - never compiled, always graphql-js: operations that select introspection (`__schema`,
 *   `__type`), documents with `@skip` or `@include` anywhere (graphql-jit answered them
 *   otherwise) or with an alias or variable named like a property of every object (`__proto__`), requests whose resolvers Apollo instruments (a federated trace), and documents
 *   graphql-jit refuses to compile;
 * - compiled operations are held in an LRU bounded by an estimate of their bytes.
 */
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, printSchema, visit, BREAK, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import { DEFAULTS } from "../config";
import { documentSize } from "./document-size";
import { DeadlineExceededError } from "../loaders";

/** Runs of an operation on graphql-js without errors before it is compiled: one-off queries never pay for compiling. */
export const COMPILE_AFTER = 1;

/** Bytes of compiled operations kept at most unless configured (`COMPILED_MB`), by `compiledBytes`. */
export const COMPILED_BYTES = DEFAULTS.compiledBytes;

interface Entry {
  /** Runs on graphql-js without errors. */
  cleanRuns: number;
  /** The compiled operation; null when it is never to be compiled. */
  compiled?: CompiledQuery | null;
  /** What the entry is estimated to hold (its size in the LRU). */
  bytes: number;
}

/** Whether Apollo instruments this request's resolvers (it marks the context with a symbol when a plugin has `willResolveField`). */
function instrumented(context: object): boolean {
  return Object.getOwnPropertySymbols(context).length > 0;
}

/**
 * Whether a run failed because its request ran out of time (a DeadlineExceededError, as thrown
 * or as a result error's cause): not something of the operation, which another request runs in time.
 */
export function ranOutOfTime(failure: unknown): boolean {
  const errors = Array.isArray(failure) ? failure : [failure];
  return errors.some(
    (e) => e instanceof DeadlineExceededError || (e as { originalError?: unknown } | null)?.originalError instanceof DeadlineExceededError,
  );
}

/**
 * Whether a compiled run's errors send its operation back to graphql-js for good: each run again
 * costs the loader batches of two runs. Not for variables refused before any resolver ran (no
 * `data`), nor for a request that ran out of time: neither is the operation's doing, and either
 * would let one request send it back to graphql-js for everyone.
 */
export function keepsOut(result: { data?: unknown; errors?: readonly unknown[] }): boolean {
  return "data" in result && !ranOutOfTime(result.errors);
}

/**
 * Whether `name` is a property every plain object has (`__proto__`, `constructor`, `toString`, …).
 * graphql-jit writes response keys into object literals and variables into plain objects, where
 * `__proto__` sets the prototype instead of a key and an inherited name reads as given.
 */
export function isObjectPropertyName(name: string): boolean {
  return name in Object.prototype;
}

/**
 * Whether the document is one to keep on graphql-js: introspection, `@skip`/`@include` anywhere, or
 * an alias or variable named like a property of every object (`isObjectPropertyName`).
 */
export function interpretedOnly(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type" || (node.alias && isObjectPropertyName(node.alias.value))) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
    Variable(node) {
      if (isObjectPropertyName(node.name.value)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
    Directive(node) {
      if (node.name.value === "skip" || node.name.value === "include") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * An estimate of the heap a compiled operation adds to its document: as much again as the document
 * alone (document-size.ts), which the compiled forms of the bench's queries stay under.
 */
export function compiledBytes(document: DocumentNode): number {
  return documentSize(document);
}

/**
 * Which engine gave an operation's result: "compiled", "graphql-js" (not compiled, or not yet), or
 * "rerun" (a compiled run had errors, and graphql-js ran it again), or "prepared" (compiled, run
 * without Apollo's pipeline: prepared.ts).
 */
export type Engine = "compiled" | "graphql-js" | "rerun" | "prepared";

/** Called once per executed operation with the engine whose result Apollo got (the tests count them). */
export type ExecutionObserver = (engine: Engine) => void;

export class CompiledExecution {
  /** Per document (as Apollo keeps it) and operation name. */
  private readonly entries: LRUCache<DocumentNode, Map<string | null, Entry>>;

  constructor(
    private readonly schema: GraphQLSchema,
    /** A context like the given one with nothing of its own run in it (new loaders), for a run again on graphql-js. */
    private readonly fresh: (context: object) => object,
    options: {
      compileAfter?: number;
      maxBytes?: number;
      onExecution?: ExecutionObserver;
      /** Throws once the request of `context` is out of time: compiling counts against it too. */
      checkDeadline?: (context: object) => void;
      /**
       * Whether the request of `context` has variables graphql-js refuses: graphql-jit would coerce
       * all of them with no cap on errors before giving up, where graphql-js stops after its first.
       */
      variablesRefused?: (context: object) => boolean;
      /** Told of every operation run, with its request's context (prepared.ts learns from it). */
      onRun?: (context: object, document: DocumentNode) => void;
    } = {},
  ) {
    this.onExecution = options.onExecution;
    this.checkDeadline = options.checkDeadline;
    this.variablesRefused = options.variablesRefused;
    this.onRun = options.onRun;
    this.compileAfter = options.compileAfter ?? COMPILE_AFTER;
    const maxBytes = options.maxBytes ?? COMPILED_BYTES;
    this.entries = new LRUCache({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      // The document itself, which the entry keeps alive, and what each compiled operation adds.
      sizeCalculation: (byName, document) => {
        let bytes = documentSize(document);
        for (const entry of byName.values()) bytes += entry.bytes;
        return bytes;
      },
    });
  }

  private readonly compileAfter: number;
  private readonly onExecution?: ExecutionObserver;
  private readonly checkDeadline?: (context: object) => void;
  private readonly variablesRefused?: (context: object) => boolean;
  private readonly onRun?: (context: object, document: DocumentNode) => void;

  /** graphql-js, exactly as Apollo runs an operation. */
  private interpret(rc: GatewayGraphQLRequestContext, contextValue: object): Promise<ExecutionResult> {
    return Promise.resolve(
      execute({
        schema: this.schema,
        document: rc.document,
        contextValue,
        variableValues: rc.request.variables,
        operationName: rc.request.operationName,
      }),
    );
  }

  /** The entry of an operation, made (and counted in the LRU) on first sight. */
  private entryFor(document: DocumentNode, operationName: string | null): Entry {
    let byName = this.entries.get(document);
    let entry = byName?.get(operationName);
    if (!entry) {
      byName ??= new Map();
      byName.set(operationName, (entry = { cleanRuns: 0, bytes: 64 }));
      this.entries.set(document, byName);
    }
    return entry;
  }

  /** The entry's compiled operation, compiled now if its graphql-js runs so far ask for it. */
  private compiledFor(entry: Entry, document: DocumentNode, operationName: string | null): CompiledQuery | null {
    if (entry.compiled === undefined && entry.cleanRuns >= this.compileAfter) {
      const compiled = interpretedOnly(document) ? null : compileQuery(this.schema, document, operationName ?? undefined);
      entry.compiled = compiled && isCompiledQuery(compiled) ? compiled : null;
      if (entry.compiled) {
        entry.bytes = compiledBytes(document);
        // Set again, so that the LRU counts its new size.
        const byName = this.entries.get(document);
        if (byName) this.entries.set(document, byName);
      }
    }
    return entry.compiled ?? null;
  }

  /**
   * The compiled operation of a document Apollo has run without errors, compiled now if it is due
   * (prepared.ts runs it again without Apollo); null when it is not compiled or not to be.
   */
  compiledOperation(document: DocumentNode, operationName: string | null): CompiledQuery | null {
    const entry = this.entries.get(document)?.get(operationName);
    return entry ? this.compiledFor(entry, document, operationName) : null;
  }

  /** A compiled run of the operation had errors elsewhere (prepared.ts): graphql-js runs it from now on. */
  drop(document: DocumentNode, operationName: string | null): void {
    const entry = this.entries.get(document)?.get(operationName);
    if (entry) entry.compiled = null;
  }

  readonly executor: GatewayExecutor = async (rc) => {
    this.onRun?.(rc.context, rc.document);
    const operationName = rc.request.operationName ?? null;
    const entry = instrumented(rc.context) || this.variablesRefused?.(rc.context) ? undefined : this.entryFor(rc.document, operationName);
    if (entry && entry.compiled === undefined && entry.cleanRuns >= this.compileAfter) this.checkDeadline?.(rc.context);
    const compiled = entry ? this.compiledFor(entry, rc.document, operationName) : null;
    if (entry && compiled) {
      let dropOut = true;
      try {
        const result = await compiled.query(undefined, rc.context, rc.request.variables ?? {});
        if (!result.errors) {
          this.onExecution?.("compiled");
          return result as ExecutionResult<Record<string, unknown>>;
        }
        dropOut = keepsOut(result);
      } catch (error) {
        // graphql-js runs it again below, and reports what it meets.
        dropOut = !ranOutOfTime(error);
      }
      if (dropOut) entry.compiled = null;
      this.onExecution?.("rerun");
      return (await this.interpret(rc, this.fresh(rc.context))) as ExecutionResult<Record<string, unknown>>;
    }
    this.onExecution?.("graphql-js");
    const result = await this.interpret(rc, rc.context);
    if (entry && !result.errors) entry.cleanRuns++;
    return result as ExecutionResult<Record<string, unknown>>;
  };

  /** How many compiled operations are kept. */
  get size(): number {
    return this.entries.size;
  }

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
