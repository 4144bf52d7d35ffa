/**
 * The one way a list is narrowed: a filter input object each of whose fields
 * is declared with a matcher. `byRef` takes a Node ID, or the key a lookup
 * takes (a country's code), and reads the store's index of a reference, so cost follows the matches, not the table; `byValue`
 * compares a property; `byTest` is anything else (visits' dates). A field left
 * out or null narrows nothing, and an empty filter is the table's own rows.
 */
import type { ClassType } from "type-graphql";
import { z } from "zod";
import type { FactStore } from "../../facts/store";
import type { TableName } from "../../facts/tables";
import { badUserInput } from "./errors";
import { decodeId, tryDecodeId, type DecodedId } from "./ids";
import { listed, withArticle } from "./words";

type AnyRow = Record<string, unknown>;

export type Matcher =
  | { kind: "ref"; paths: readonly string[] }
  | { kind: "value"; field?: string }
  | { kind: "test"; prepare: (value: never, argument: string, store: FactStore) => (row: never) => boolean };

/** The Node ID of a record the row's reference at any of `paths` names (the table's catalogue `refs`). */
export const byRef = (...paths: [string, ...string[]]): Matcher => ({ kind: "ref", paths });

/** The row's property `field` (by default the filter field's own name) equals the value. */
export const byValue = (field?: string): Matcher => ({ kind: "value", field });

/** `prepare` checks the value (an error names `argument`) and returns the test each row must pass. */
export const byTest = <V, R>(prepare: (value: V, argument: string, store: FactStore) => (row: R) => boolean): Matcher => ({
  kind: "test",
  prepare,
});

export interface FilterDeclaration<F extends object = object> {
  /** The input object type, with the descriptions of its fields. */
  type: ClassType<F>;
  /** The description of the `filter` argument. */
  description: string;
  match: { [K in keyof F]-?: Matcher };
}

export function filterBy<F extends object>(
  type: ClassType<F>,
  description: string,
  match: FilterDeclaration<F>["match"],
): FilterDeclaration<F> {
  return { type, description, match };
}

/**
 * The record a filter's reference names: by Node ID, or by a unique key of a table it may point
 * into (a country's ISO code, case-insensitive as `country(code:)` takes it), so that a filter
 * takes what the lookup takes. A key no record has matches nothing, as an ID of nothing does.
 */
export function referenced(
  store: FactStore,
  given: string,
  argumentName: string,
  targets: readonly string[],
): Pick<DecodedId, "table" | "localId"> {
  const keyed = targets.filter((target) => store.catalogue[target as TableName]!.unique?.length);
  if (keyed.length > 0 && tryDecodeId(given, store.catalogue) === null) {
    const key = given.trim().toUpperCase();
    for (const target of keyed) {
      const table = store.table(target as TableName);
      for (const field of table.spec.unique!) {
        const row = table.findBy(field, key);
        if (row) return { table: target as TableName, localId: row.id };
      }
    }
    // A well-formed key of nothing (by the catalogue's own validation) is like an ID of nothing.
    const wellFormed = keyed.some((target) =>
      store.catalogue[target as TableName]!.unique!.some((field) => fieldSchema(store, target, field)?.safeParse(key).success),
    );
    if (wellFormed) return { table: keyed[0] as TableName, localId: "" };
    const keys = keyed.flatMap((target) =>
      store.catalogue[target as TableName]!.unique!.map(
        (field) => `the ${field} of ${withArticle(store.catalogue[target as TableName]!.typename)}`,
      ),
    );
    throw badUserInput(
      `Argument "${argumentName}" must be a Node ID or ${listed(keys, "or")}, got ${JSON.stringify(given.slice(0, 100))}.`,
      argumentName,
    );
  }
  return decodeId(given, argumentName, targets.length === 1 ? targets[0] : undefined, store.catalogue);
}

/** The validation of a record's field, as the catalogue declares it. */
function fieldSchema(store: FactStore, table: string, field: string): z.ZodType | undefined {
  const record = store.catalogue[table as TableName]!.record;
  return record instanceof z.ZodObject ? (record.shape as Record<string, z.ZodType>)[field] : undefined;
}

/**
 * The rows of `table` that match every given field of `value`, in fixture order.
 * Each given value is checked first, in the order the matchers are declared;
 * then the reference matches are intersected from the shortest.
 */
export function selectRows<R>(
  store: FactStore,
  table: string,
  filter: FilterDeclaration,
  value: object | null | undefined,
  argument = "filter",
): readonly R[] {
  const rows = store.table(table as TableName);
  const lists: (readonly unknown[])[] = [];
  const tests: ((row: AnyRow) => boolean)[] = [];
  for (const [key, matcher] of Object.entries(filter.match) as [string, Matcher][]) {
    const given = (value as AnyRow | null | undefined)?.[key];
    if (given == null) continue;
    const argumentName = `${argument}.${key}`;
    if (matcher.kind === "ref") {
      // Paths into several tables (a claim's subject) take the ID of a record of any of them.
      const targets = [...new Set(matcher.paths.map((path) => rows.spec.refs[path]!))];
      const { table, localId } = referenced(store, given as string, argumentName, targets);
      const paths = matcher.paths.filter((path) => rows.spec.refs[path] === table);
      if (paths.length === 0)
        throw badUserInput(
          `Argument "${argumentName}" must be the ID of ${listed(
            targets.map((target) => withArticle(store.catalogue[target]!.typename)),
            "or",
          )}.`,
          argumentName,
        );
      lists.push(rows.referencingAny(paths as never, localId));
    } else if (matcher.kind === "value") {
      const field = matcher.field ?? key;
      tests.push((row) => row[field] === given);
    } else {
      tests.push(matcher.prepare(given as never, argumentName, store) as (row: AnyRow) => boolean);
    }
  }
  lists.sort((a, b) => a.length - b.length);
  let selected = (lists[0] ?? rows.rows) as readonly AnyRow[];
  for (const other of lists.slice(1)) {
    const set = new Set(other);
    selected = selected.filter((row) => set.has(row));
  }
  return (tests.length === 0 ? selected : selected.filter((row) => tests.every((test) => test(row)))) as readonly R[];
}
