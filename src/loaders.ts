/**
 * Per-request DataLoaders over the fact store. One loader per table (by id)
 * and one per reference (rows that point at a key), created lazily, so a query
 * costs one batch per (level, relation) however many rows it walks.
 * Loaders know nothing of GraphQL.
 */
import DataLoader from "dataloader";
import type { FactStore } from "./facts/store";
import type { RefPath, Row, TableName } from "./facts/tables";

/** A key that names no record. Loaders return it in place of the value, never reject a whole batch. */
export class NotFoundError extends Error {
  constructor(
    readonly table: TableName,
    readonly key: string,
  ) {
    super(`no ${table} record with id "${key}"`);
    this.name = "NotFoundError";
  }
}

/**
 * A batch asked for after the request's deadline. Every relation resolves through
 * a loader, so this is where a request that runs too long stops doing work.
 */
export class DeadlineExceededError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the request ran out of its ${timeoutMs} ms`);
    this.name = "DeadlineExceededError";
  }
}

/** When a request must stop: `at` as Date.now() milliseconds, and the budget it came from. */
export interface Deadline {
  at: number;
  timeoutMs: number;
}

/** Called once per batch: which loader ran and how many keys it took. */
export type BatchObserver = (loader: string, keys: number) => void;

export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(
    private readonly store: FactStore,
    private readonly onBatch?: BatchObserver,
    private readonly deadline?: Deadline,
  ) {}

  /** Records of `table` by their fixture id. */
  byId<T extends TableName>(table: T): DataLoader<string, Row<T>> {
    return this.loader<Row<T>>(`${table}.byId`, (keys) => {
      const rows = this.store.table(table);
      return keys.map((key) => rows.get(key) ?? new NotFoundError(table, key));
    });
  }

  /**
   * Records of `table` whose reference at `path` names the key, e.g. visits by hostCountry;
   * with several paths, records that name it at any of them (relationships on either side).
   */
  referencing<T extends TableName>(table: T, path: RefPath<T> | readonly RefPath<T>[]): DataLoader<string, readonly Row<T>[]> {
    const paths: readonly RefPath<T>[] = typeof path === "string" ? [path] : path;
    return this.loader<readonly Row<T>[]>(`${table}.${paths.join("|")}`, (keys) => {
      const rows = this.store.table(table);
      return keys.map((key) => rows.referencingAny(paths, key));
    });
  }

  /** Throws DeadlineExceededError once the request is past its deadline: before every batch, and after validation. */
  checkDeadline(): void {
    if (this.deadline && Date.now() > this.deadline.at) throw new DeadlineExceededError(this.deadline.timeoutMs);
  }

  /** Loads a record that may not exist: null for a missing one, any other failure thrown. */
  async maybe<T extends TableName>(table: T, key: string): Promise<Row<T> | null> {
    try {
      return await this.byId(table).load(key);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  private loader<V>(name: string, batch: (keys: readonly string[]) => (V | Error)[]): DataLoader<string, V> {
    let loader = this.loaders.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(async (keys) => {
        this.checkDeadline();
        this.onBatch?.(name, keys.length);
        return batch(keys);
      });
      this.loaders.set(name, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}
