/**
 * What keeps the entity declarations and the catalogue from drifting apart:
 * `checkEntities` before the schema is built, `checkBuilt` after. Both throw
 * with every problem found, each naming what to fix.
 */
import { getNamedType, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import type { Catalogue } from "../../facts/tables";
import { inverseFields, type Entity } from "./entity";

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
    else if (spec.typename !== entity.typename)
      problems.push(`${entity.table}: the catalogue shows it as ${spec.typename}, but its entity's type is ${entity.typename}.`);
    if (byTable.has(entity.table)) problems.push(`${entity.table}: declared by two entities.`);
    byTable.set(entity.table, entity);
  }
  for (const [table, spec] of Object.entries(catalogue)) {
    const entity = byTable.get(table);
    if (!entity) {
      problems.push(
        `${table}: the catalogue's table (${spec.typename}) has no entity in the schema's list; add its entity to ENTITIES in graph/assembly/schema.ts.`,
      );
      continue;
    }
    const followed = new Map<string, string>();
    // A reference followed by a deprecated field may be followed once more, by the field that replaces it.
    const deprecated = new Set<string>();
    for (const relation of entity.forward) {
      const where = `${entity.typename}.${relation.field}`;
      if (relation.refs.length === 0) problems.push(`${where}: follows no reference.`);
      for (const { path, inverse } of relation.refs) {
        if (!(path in spec.refs)) {
          problems.push(`${where}: "${path}" is not a reference of ${table} in the catalogue.`);
          continue;
        }
        const replaces = deprecated.has(path) !== (relation.deprecationReason !== undefined);
        if (followed.has(path) && !replaces) problems.push(`${where}: ${table}.${path} is followed by ${followed.get(path)} already.`);
        if (followed.has(path) && replaces) deprecated.delete(path);
        else if (relation.deprecationReason !== undefined) deprecated.add(path);
        followed.set(path, where);
        if (path.includes(".") !== (relation.on !== undefined || relation.kind === "oneOf")) {
          problems.push(
            `${where}: ${path} ${path.includes(".") ? "is inside a nested object: say which type shows it with `on`" : "is a property of the record itself: drop `on`"}.`,
          );
        }
        if (inverse === undefined) {
          problems.push(
            `${where}: says nothing of its inverse; name the field it adds to ${catalogue[spec.refs[path]!]?.typename} (inverse: { name: "description" }) or give inverse: null.`,
          );
        } else if (inverse !== null && Object.keys(inverse).length !== 1) {
          problems.push(`${where}: an inverse is one field, { name: "description" }.`);
        }
      }
    }
    for (const path of Object.keys(spec.refs)) {
      if (!followed.has(path))
        problems.push(`${table}.${path}: the catalogue's reference is followed by no relation of ${entity.typename}; declare one.`);
    }
  }
  if (problems.length === 0) {
    try {
      const forward = new Set(
        entities.flatMap((entity) => entity.forward.map((relation) => `${relation.on?.name ?? entity.typename}.${relation.field}`)),
      );
      for (const field of inverseFields(catalogue, entities)) {
        const key = `${field.on.typename}.${field.name}`;
        if (forward.has(key))
          problems.push(`${key}: the inverse of ${field.from.table}.${field.paths[0]} has the name of a relation of ${field.on.typename}.`);
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
    for (const [own, name] of [
      [entity.lookup, entity.lookupName],
      [entity.list, entity.listName],
    ] as const) {
      if (own === "own" && !query[name])
        problems.push(`${entity.typename} says it defines Query.${name} itself, but none of its resolvers does.`);
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
      problems.push(
        `${field.on.typename}.${field.name}: the inverse of ${field.from.table}.${field.paths[0]} has the name of one of ${field.on.typename}'s own fields.`,
      );
    }
  }
  refuse(problems);
}
