/**
 * One declaration per entity: the catalogue table it shows, its GraphQL type
 * (the entity's own fields), its root list, and its forward relations, each
 * naming the field it adds to the type it points at (its inverse).
 * entity-resolvers.ts turns the declarations into Type-GraphQL resolvers: `id`,
 * `Query.<entity>(id:)`, `Query.<table>`, relation fields both ways, filters,
 * orderings, search and federation keys. entity-checks.ts refuses a declaration that
 * disagrees with the catalogue, so nothing silently goes missing.
 */
import type { ClassType } from "type-graphql";
import type { Catalogue, RefPath, TableName } from "../../facts/tables";
import type { FilterDeclaration } from "../shapes/filters";
import { makeOrdering, type OrderDeclaration, type Ordering } from "../shapes/order";
import { typeNameOf } from "./type-name";

/**
 * The field a relation adds to the type it points at, name and description:
 * `{ visitsHosted: "Visits to this country." }`. `null` says there is none,
 * by choice. Relations of one table giving the same inverse make one field.
 */
export type Inverse = Readonly<Record<string, string>> | null;

export interface RelationOptions {
  inverse: Inverse;
  nullable?: boolean;
  /** The reference the field follows (a key of the table's catalogue `refs`); by default the field's name. */
  path?: string;
  /** For a reference inside a nested object (`licenses.licensee`): the object type that shows it, where the field goes. */
  on?: ClassType;
  /** Why the field is deprecated, and what replaces it. */
  deprecationReason?: string;
  /** For a deprecated `many` whose connection replaces it: the connection's name; the list serves its first page. */
  firstPageOf?: string;
}

/** A forward relation as declared; `defineEntity` resolves its references. */
export interface RelationDeclaration {
  kind: "one" | "many" | "connection" | "oneOf";
  description: string;
  nullable: boolean;
  path?: string;
  on?: ClassType;
  deprecationReason?: string;
  firstPageOf?: string;
  /** For one, many and connection; undefined only where a declaration forgot it, which the checks refuse. */
  inverse?: Inverse;
  /** For oneOf: the union, and each alternative under the field (`speaker.leader`) with its inverse. */
  union?: () => unknown;
  alternatives?: Readonly<Record<string, Inverse>>;
}

/** A relation declaration that remembers, as a type, the reference it names with `path` (undefined: its field's name). */
type Declared<P extends string | undefined> = RelationDeclaration & { path: P };

const declare =
  (kind: "one" | "many" | "connection") =>
  <const P extends string | undefined = undefined>(description: string, options: RelationOptions & { path?: P }): Declared<P> => ({
    kind,
    description,
    nullable: options.nullable ?? false,
    path: options.path as P,
    on: options.on,
    inverse: options.inverse,
    deprecationReason: options.deprecationReason,
    firstPageOf: options.firstPageOf,
  });

/** `visitor: Leader`: the record a reference names. */
export const one = declare("one");
/** `receivedBy: [Leader!]!`: the records a list of references names, in order. */
export const many = declare("many");
/** `members: CountryConnection!`: a page of the records a list of references names. */
export const connection = declare("connection");

/** `speaker: Party!`: an object holding exactly one of several references, shown as a union of their types. */
export function oneOf<const A extends Readonly<Record<string, Inverse>>>(
  union: () => unknown,
  description: string,
  alternatives: A,
  options: { nullable?: boolean } = {},
): RelationDeclaration & { alternatives: A } {
  return { kind: "oneOf", description, nullable: options.nullable ?? false, union, alternatives };
}

export interface ListDeclaration {
  description: string;
  filter?: FilterDeclaration;
}

/** A relation's field name and its declaration, by field. */
export type RelationDeclarations = Readonly<Record<string, RelationDeclaration>>;

export interface EntityDeclaration<T extends string = string, R extends RelationDeclarations = RelationDeclarations> {
  /** The catalogue table (facts/tables.ts) whose records the type shows. */
  table: T;
  /** The object type, named as the table's `typename`. */
  type: ClassType;
  /** `Query.<table>`; "own" when one of the entity's `resolvers` defines it. */
  list: ListDeclaration | "own";
  /** The dates its records can be ordered by: every connection of them then takes `orderBy` (order.ts). */
  order?: OrderDeclaration;
  /** "own" when one of the entity's `resolvers` defines `Query.<entity>` (a country by code). */
  lookup?: "own";
  /** Every reference of the table (its catalogue `refs`) is followed by a relation: tsc says which one is missing. */
  relations?: R;
  /** Resolvers of what is the entity's own (a lookup by code, a list in its own order). */
  resolvers?: readonly ClassType[];
}

/** One reference a relation follows, and the field it adds to the other end. */
export interface Ref {
  path: string;
  inverse: Inverse | undefined;
}

export interface Relation extends RelationDeclaration {
  field: string;
  refs: readonly Ref[];
}

export interface Entity<T extends string = string> extends EntityDeclaration<T> {
  typename: string;
  /** `Query.<lookupName>(id:)`, the typename in lowerCamelCase. */
  lookupName: string;
  /** `Query.<listName>`, the table's name. */
  listName: string;
  /** The relations, each with the references it follows. */
  forward: readonly Relation[];
  /** For an entity with `order`: its `<Type>Order` input and the texts of `orderBy`. */
  ordering?: Ordering;
}

/** The references of its table the relation declared under `field` follows: its `path`, its alternatives, or its own name. */
type Follows<Field extends string, D> = D extends { alternatives: infer A }
  ? `${Field}.${keyof A & string}`
  : D extends { path: infer P extends string }
    ? P
    : Field;

/** Every reference the relations `R` follow. */
type Followed<R> = { [F in keyof R & string]: Follows<F, R[F]> }[keyof R & string];

/**
 * For a table of the catalogue, what tsc requires of a declaration besides its shape: a property
 * named for each reference no relation follows, and for each relation that follows no reference,
 * so that the error names what to declare or to correct.
 */
type FollowsEveryRef<T extends string, R> = T extends TableName
  ? { [P in Exclude<RefPath<T>, Followed<R>> as `no relation follows ${T}.${P}`]: true } & {
      [P in Exclude<Followed<R>, RefPath<T>> as `${P} is not a reference of ${T}`]: true;
    }
  : unknown;

export function defineEntity<const T extends string, const R extends RelationDeclarations = Record<never, never>>(
  declaration: EntityDeclaration<T, R> & FollowsEveryRef<T, R>,
): Entity<T> {
  const typename = typeNameOf(declaration.type);
  const forward = Object.entries(declaration.relations ?? {}).map(([field, relation]) => ({
    ...relation,
    field,
    refs:
      relation.kind === "oneOf"
        ? Object.entries(relation.alternatives ?? {}).map(([key, inverse]) => ({ path: `${field}.${key}`, inverse }))
        : [{ path: relation.path ?? field, inverse: relation.inverse }],
  }));
  const ordering = declaration.order && makeOrdering(typename, declaration.table, declaration.order);
  return {
    ...declaration,
    typename,
    lookupName: typename[0]!.toLowerCase() + typename.slice(1),
    listName: declaration.table,
    forward,
    ordering,
  };
}

/**
 * The tables of the catalogue that none of `entities` shows: `never` when every table has its
 * entity, so that a list missing one fails to compile where it is written.
 */
export type TablesWithoutEntity<E extends readonly Entity[]> = Exclude<TableName, E[number]["table"]>;

/** An inverse field: the records of `from` whose references at `paths` name a record of `on`. */
export interface InverseField {
  on: Entity;
  name: string;
  description: string;
  from: Entity;
  paths: string[];
}

/** Every inverse field, grouped by the type it goes on; relations of one table sharing an inverse make one field over all their paths. */
export function inverseFields(catalogue: Catalogue, entities: readonly Entity[]): InverseField[] {
  const byTable = new Map(entities.map((entity) => [entity.table, entity]));
  const fields = new Map<string, InverseField>();
  for (const from of entities) {
    for (const relation of from.forward) {
      for (const { path, inverse } of relation.refs) {
        if (!inverse) continue;
        const on = byTable.get(catalogue[from.table]!.refs[path]!)!;
        for (const [name, description] of Object.entries(inverse)) {
          const key = `${on.typename}.${name}`;
          const field = fields.get(key);
          if (!field) fields.set(key, { on, name, description, from, paths: [path] });
          else if (field.from !== from)
            throw new Error(
              `${key} is the inverse of both ${field.from.table}.${field.paths[0]} and ${from.table}.${path}: give one of them another name.`,
            );
          else if (field.description !== description)
            throw new Error(`${key} is given two descriptions by ${from.table}.${field.paths[0]} and ${path}: make them one.`);
          else field.paths.push(path);
        }
      }
    }
  }
  return [...fields.values()];
}
