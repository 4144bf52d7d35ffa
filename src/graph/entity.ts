/**
 * One declaration per entity: the catalogue table it shows, its GraphQL type
 * (the entity's own fields), its root list, and its forward relations, each
 * naming the field it adds to the type it points at (its inverse).
 * entity-resolvers.ts turns the declarations into Type-GraphQL resolvers: `id`,
 * `Query.<entity>(id:)`, `Query.<table>`, relation fields both ways, filters,
 * search and federation keys. `checkEntities` refuses a declaration that
 * disagrees with the catalogue, so nothing silently goes missing.
 */
import { getNamedType, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import type { ClassType } from "type-graphql";
import type { Catalogue } from "../facts/tables";
import type { FilterDeclaration } from "./filters";

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
}

/** A forward relation as declared; `defineEntity` resolves its references. */
export interface RelationDeclaration {
  kind: "one" | "many" | "connection" | "oneOf";
  description: string;
  nullable: boolean;
  path?: string;
  on?: ClassType;
  /** For one, many and connection. */
  inverse?: Inverse;
  /** For oneOf: the union, and each alternative under the field (`speaker.leader`) with its inverse. */
  union?: () => unknown;
  alternatives?: Readonly<Record<string, Inverse>>;
}

const declare = (kind: "one" | "many" | "connection") => (description: string, options: RelationOptions) => ({
  kind,
  description,
  nullable: options.nullable ?? false,
  path: options.path,
  on: options.on,
  inverse: options.inverse,
});

/** `visitor: Leader`: the record a reference names. */
export const one = declare("one");
/** `receivedBy: [Leader!]!`: the records a list of references names, in order. */
export const many = declare("many");
/** `members: CountryConnection!`: a page of the records a list of references names. */
export const connection = declare("connection");

/** `speaker: Party!`: an object holding exactly one of several references, shown as a union of their types. */
export function oneOf(union: () => unknown, description: string, alternatives: Readonly<Record<string, Inverse>>, options: { nullable?: boolean } = {}): RelationDeclaration {
  return { kind: "oneOf", description, nullable: options.nullable ?? false, union, alternatives };
}

export interface ListDeclaration {
  description: string;
  filter?: FilterDeclaration;
}

export interface EntityDeclaration {
  /** The catalogue table (facts/tables.ts) whose records the type shows. */
  table: string;
  /** The object type, named as the table's `typename`. */
  type: ClassType;
  /** `Query.<table>`; "own" when one of the entity's `resolvers` defines it. */
  list: ListDeclaration | "own";
  /** "own" when one of the entity's `resolvers` defines `Query.<entity>` (a country by code). */
  lookup?: "own";
  relations?: Readonly<Record<string, RelationDeclaration>>;
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

export interface Entity extends EntityDeclaration {
  typename: string;
  /** `Query.<lookupName>(id:)`, the typename in lowerCamelCase. */
  lookupName: string;
  /** `Query.<listName>`, the table's name. */
  listName: string;
  relations: Readonly<Record<string, RelationDeclaration>>;
  forward: readonly Relation[];
}

export function defineEntity(declaration: EntityDeclaration): Entity {
  const typename = declaration.type.name;
  const relations = declaration.relations ?? {};
  const forward = Object.entries(relations).map(([field, relation]) => ({
    ...relation,
    field,
    refs:
      relation.kind === "oneOf"
        ? Object.entries(relation.alternatives ?? {}).map(([key, inverse]) => ({ path: `${field}.${key}`, inverse }))
        : [{ path: relation.path ?? field, inverse: relation.inverse }],
  }));
  return { ...declaration, typename, lookupName: typename[0]!.toLowerCase() + typename.slice(1), listName: declaration.table, relations, forward };
}

/** "a, b and c": entities named in a description. */
export function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

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
          else if (field.from !== from) throw new Error(`${key} is the inverse of both ${field.from.table}.${field.paths[0]} and ${from.table}.${path}: give one of them another name.`);
          else if (field.description !== description) throw new Error(`${key} is given two descriptions by ${from.table}.${field.paths[0]} and ${path}: make them one.`);
          else field.paths.push(path);
        }
      }
    }
  }
  return [...fields.values()];
}

/**
 * Throws, naming what to fix, when the entities and the catalogue disagree:
 * a table without an entity (or with two), an entity of no table or of another
 * typename, a reference no relation follows (or two do), a relation that
 * follows no reference, a relation that says nothing of its inverse, or
 * inverse fields that clash.
 */
export function checkEntities(catalogue: Catalogue, entities: readonly Entity[]): void {
  const problems: string[] = [];
  const byTable = new Map<string, Entity>();
  for (const entity of entities) {
    const spec = catalogue[entity.table];
    if (!spec) problems.push(`${entity.typename}: its table "${entity.table}" is not in the catalogue (facts/tables.ts).`);
    else if (spec.typename !== entity.typename) problems.push(`${entity.table}: the catalogue shows it as ${spec.typename}, but its entity's type is ${entity.typename}.`);
    if (byTable.has(entity.table)) problems.push(`${entity.table}: declared by two entities.`);
    byTable.set(entity.table, entity);
  }
  for (const [table, spec] of Object.entries(catalogue)) {
    const entity = byTable.get(table);
    if (!entity) {
      problems.push(`${table}: the catalogue's table (${spec.typename}) has no entity in the schema's list; add its entity to ENTITIES in graph/schema.ts.`);
      continue;
    }
    const followed = new Map<string, string>();
    for (const relation of entity.forward) {
      const where = `${entity.typename}.${relation.field}`;
      if (relation.refs.length === 0) problems.push(`${where}: follows no reference.`);
      for (const { path, inverse } of relation.refs) {
        if (!(path in spec.refs)) {
          problems.push(`${where}: "${path}" is not a reference of ${table} in the catalogue.`);
          continue;
        }
        if (followed.has(path)) problems.push(`${where}: ${table}.${path} is followed by ${followed.get(path)} already.`);
        followed.set(path, where);
        if (path.includes(".") !== (relation.on !== undefined || relation.kind === "oneOf")) {
          problems.push(`${where}: ${path} ${path.includes(".") ? "is inside a nested object: say which type shows it with `on`" : "is a property of the record itself: drop `on`"}.`);
        }
        if (inverse === undefined) {
          problems.push(`${where}: says nothing of its inverse; name the field it adds to ${catalogue[spec.refs[path]!]?.typename} (inverse: { name: "description" }) or give inverse: null.`);
        } else if (inverse !== null && Object.keys(inverse).length !== 1) {
          problems.push(`${where}: an inverse is one field, { name: "description" }.`);
        }
      }
    }
    for (const path of Object.keys(spec.refs)) {
      if (!followed.has(path)) problems.push(`${table}.${path}: the catalogue's reference is followed by no relation of ${entity.typename}; declare one.`);
    }
  }
  if (problems.length === 0) {
    try {
      const names = new Map<string, string>();
      for (const entity of entities) for (const relation of entity.forward) names.set(`${relation.on?.name ?? entity.typename}.${relation.field}`, "a forward relation");
      for (const field of inverseFields(catalogue, entities)) {
        const key = `${field.on.typename}.${field.name}`;
        if (names.has(key)) problems.push(`${key}: the inverse of ${field.from.table}.${field.paths[0]} has the name of ${names.get(key)}.`);
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  refuse(problems);
}

function refuse(problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(`The entities disagree with the catalogue:\n- ${problems.join("\n- ")}`);
}

/**
 * Checks the schema Type-GraphQL built: the root fields an entity says it defines itself exist, and
 * no relation field took the name of a field of the type's own (Type-GraphQL would make the
 * relation that field's resolver, silently).
 */
export function checkBuilt(schema: GraphQLSchema, catalogue: Catalogue, entities: readonly Entity[]): void {
  const problems: string[] = [];
  const query = schema.getQueryType()!.getFields();
  for (const entity of entities) {
    for (const [own, name] of [[entity.lookup, entity.lookupName], [entity.list, entity.listName]] as const) {
      if (own === "own" && !query[name]) problems.push(`${entity.typename} says it defines Query.${name} itself, but none of its resolvers does.`);
    }
  }
  const typeOf = (type: string, field: string) => {
    const built = (schema.getType(type) as GraphQLObjectType | undefined)?.getFields()[field];
    return built && getNamedType(built.type).name;
  };
  const typename = (table: string) => catalogue[table]!.typename;
  for (const entity of entities) {
    for (const relation of entity.forward) {
      if (relation.kind === "oneOf") continue;
      const target = typename(catalogue[entity.table]!.refs[relation.refs[0]!.path]!);
      const on = relation.on?.name ?? entity.typename;
      if (typeOf(on, relation.field) !== (relation.kind === "connection" ? `${target}Connection` : target)) {
        problems.push(`${on}.${relation.field}: the relation has the name of one of ${on}'s own fields.`);
      }
    }
  }
  for (const field of inverseFields(catalogue, entities)) {
    if (typeOf(field.on.typename, field.name) !== `${field.from.typename}Connection`) {
      problems.push(`${field.on.typename}.${field.name}: the inverse of ${field.from.table}.${field.paths[0]} has the name of one of ${field.on.typename}'s own fields.`);
    }
  }
  refuse(problems);
}
