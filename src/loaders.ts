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

/** Throws DeadlineExceededError once `deadline` has passed; nothing without one. */
export function checkDeadline(deadline: Deadline | undefined): void {
  if (deadline && Date.now() > deadline.at) throw new DeadlineExceededError(deadline.timeoutMs);
}

/** Called once per batch: which loader ran and how many keys it took. */
export type BatchObserver = (loader: string, keys: number) => void;

/** The name of a reference loader over several paths, made once per list of paths (they are declared once). */
const pathNames = new WeakMap<readonly string[], string>();

export class Loaders {
  /** By table, then by name ("byId" or the reference's path): found without making a name or a batch function per call. */
  private readonly loaders = new Map<TableName, Map<string, DataLoader<string, unknown>>>();

  constructor(
    private readonly store: FactStore,
    private readonly onBatch?: BatchObserver,
    private readonly deadline?: Deadline,
  ) {}

  /** Records of `table` by their fixture id. */
  byId<T extends TableName>(table: T): DataLoader<string, Row<T>> {
    return (this.loaders.get(table)?.get("byId") ??
      this.loader<Row<T>>(table, "byId", (keys) => {
        const rows = this.store.table(table);
        return keys.map((key) => rows.get(key) ?? new NotFoundError(table, key));
      })) as DataLoader<string, Row<T>>;
  }

  /**
   * Records of `table` whose reference at `path` names the key, e.g. visits by hostCountry;
   * with several paths, records that name it at any of them (relationships on either side).
   */
  referencing<T extends TableName>(table: T, path: RefPath<T> | readonly RefPath<T>[]): DataLoader<string, readonly Row<T>[]> {
    let name: string;
    if (typeof path === "string") name = path;
    else {
      name = pathNames.get(path) ?? path.join("|");
      pathNames.set(path, name);
    }
    return (this.loaders.get(table)?.get(name) ??
      this.loader<readonly Row<T>[]>(table, name, (keys) => {
        const paths: readonly RefPath<T>[] = typeof path === "string" ? [path] : path;
        const rows = this.store.table(table);
        return keys.map((key) => rows.referencingAny(paths, key));
      })) as DataLoader<string, readonly Row<T>[]>;
  }

  /** Throws DeadlineExceededError once the request is past its deadline: before every batch, and after validation. */
  checkDeadline(): void {
    checkDeadline(this.deadline);
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

  private loader<V>(table: TableName, name: string, batch: (keys: readonly string[]) => (V | Error)[]): DataLoader<string, V> {
    const label = `${table}.${name}`;
    const loader = new DataLoader<string, V>(async (keys) => {
      this.checkDeadline();
      this.onBatch?.(label, keys.length);
      return batch(keys);
    });
    let byName = this.loaders.get(table);
    if (!byName) this.loaders.set(table, (byName = new Map()));
    byName.set(name, loader as DataLoader<string, unknown>);
    return loader;
  }
}
