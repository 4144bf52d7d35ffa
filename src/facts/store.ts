/**
 * The in-memory fact store: built once at start-up from validated records,
 * indexed by id and by every reference, read-only afterwards.
 */
import { TABLES, valuesAt, type Catalogue, type Row, type RefPath, type TableName, type TableSpec } from "./tables";

const NONE: readonly never[] = Object.freeze([]);

export class Table<T extends TableName> {
  readonly rows: readonly Row<T>[];
  private readonly byId = new Map<string, Row<T>>();
  private readonly positions = new Map<Row<T>, number>();
  private readonly byRef = new Map<string, Map<string, Row<T>[]>>();
  private readonly byUnique = new Map<string, Map<unknown, Row<T>>>();

  constructor(
    readonly name: T,
    rows: Row<T>[],
    readonly spec: TableSpec = TABLES[name],
  ) {
    this.rows = Object.freeze(rows);
    const typename = spec.typename;
    for (const row of rows) {
      // Tags each record with the type that shows it, so interfaces and unions (Node, search results,
      // federation's _Entity) resolve it; non-enumerable, so it never leaks into the record's data.
      Object.defineProperty(row, "__typename", { value: typename });
      this.byId.set(row.id, row);
      this.positions.set(row, this.positions.size);
    }
    for (const path of Object.keys(spec.refs)) {
      const index = new Map<string, Row<T>[]>();
      for (const row of rows) {
        // A row that names the same key twice at one path is listed once.
        for (const key of new Set(valuesAt(row, path).map((v) => v.value))) {
          const list = index.get(key);
          if (list) list.push(row);
          else index.set(key, [row]);
        }
      }
      this.byRef.set(path, index);
    }
    for (const field of [...(spec.unique ?? []), ...(spec.keys ?? [])]) {
      const index = new Map<unknown, Row<T>>();
      for (const row of rows) {
        const value = (row as Record<string, unknown>)[field];
        if (value !== null && value !== undefined) index.set(value, row);
      }
      this.byUnique.set(field, index);
    }
  }

  get typename(): string {
    return this.spec.typename;
  }

  get(id: string): Row<T> | undefined {
    return this.byId.get(id);
  }

  /** The row whose unique `field` (see TableSpec.unique) equals `value`. */
  findBy(field: string, value: unknown): Row<T> | undefined {
    const index = this.byUnique.get(field);
    if (!index) throw new Error(`${this.name} has no unique field ${field}`);
    return index.get(value);
  }

  /** The rows whose reference at any of `paths` names `key`, each once, in fixture order. */
  referencingAny(paths: readonly RefPath<T>[], key: string): readonly Row<T>[] {
    if (paths.length === 1) return this.referencing(paths[0]!, key);
    const rows = new Set(paths.flatMap((path) => this.referencing(path, key)));
    return [...rows].sort((a, b) => this.positions.get(a)! - this.positions.get(b)!);
  }

  /** The rows whose reference at `path` names `key`, in fixture order. */
  referencing(path: RefPath<T>, key: string): readonly Row<T>[] {
    const index = this.byRef.get(path);
    if (!index) throw new Error(`${this.name} has no reference ${path}`);
    return index.get(key) ?? NONE;
  }
}

export class FactStore {
  private readonly tables: { [T in TableName]: Table<T> };
  private readonly byTypename: Map<string, Table<TableName>>;

  /** `catalogue` is TABLES unless a test adds tables of its own (then `rows` holds theirs too). */
  constructor(
    rows: { [T in TableName]: Row<T>[] },
    readonly catalogue: Catalogue = TABLES,
  ) {
    const tables = {} as Record<string, Table<TableName>>;
    for (const [name, spec] of Object.entries(catalogue))
      tables[name] = new Table(name as TableName, (rows as Record<string, unknown[]>)[name] as never, spec);
    this.tables = tables as { [T in TableName]: Table<T> };
    this.byTypename = new Map(Object.values(tables).map((table) => [table.typename, table]));
  }

  table<T extends TableName>(name: T): Table<T> {
    return this.tables[name];
  }

  /** The table whose records a GraphQL type shows, e.g. "Country" -> countries. */
  tableOf(typename: string): Table<TableName> | undefined {
    return this.byTypename.get(typename);
  }

  /** How many records of each kind, for logs and checks. */
  counts(): Record<TableName, number> {
    return Object.fromEntries(Object.keys(this.catalogue).map((n) => [n, this.tables[n as TableName].rows.length])) as Record<
      TableName,
      number
    >;
  }
}
