/**
 * Resolvers that graphql-js calls directly, derived from Type-GraphQL's metadata. Type-GraphQL
 * declares every field (its decorators make the schema), and its wrapper around each call finds
 * the class instance, sorts the method's parameters, copies each argument into an instance of its
 * class, awaits a validation that is switched off, and runs the middlewares (none here): on every
 * object of every answer. The function derived here calls the same decorated method with the same
 * parameters in the same order, read straight from graphql-js's root, arguments and context.
 *
 * Arguments reach the method as graphql-js coerced them, defaults applied from the schema. The
 * classes of `@Args` and of input objects are shapes without behaviour, so a method reads the same
 * properties from a plain object; a class that has methods, a root copied into a class, a
 * middleware or a validation is refused here, naming the field, rather than served differently.
 */
import type { GraphQLFieldResolver } from "graphql";
import { getMetadataStorage, type ClassType } from "type-graphql";
import type { Context } from "../../context";

// biome-ignore lint/suspicious/noExplicitAny: roots and arguments differ per field; each method types its own
type Direct = GraphQLFieldResolver<any, Context, any>;
type Storage = ReturnType<typeof getMetadataStorage>;
type HandlerMetadata = Storage["queries"][number] | Storage["fieldResolvers"][number];
type ParamMetadata = Storage["params"][number];

/** Values Type-GraphQL passes on as they are, whatever the parameter's declared class. */
const AS_GIVEN: readonly unknown[] = [Object, String, Boolean, Number, Date, Array, Promise];

/**
 * Whether a parameter's class holds only data (nothing on its prototype but its constructor, and
 * so the input classes of its fields), or is not a class.
 */
function isShape(type: unknown, seen = new Set<unknown>()): boolean {
  if (typeof type !== "function" || AS_GIVEN.includes(type) || seen.has(type)) return true;
  seen.add(type);
  if (!Object.getOwnPropertyNames(type.prototype ?? {}).every((name) => name === "constructor")) return false;
  const input = getMetadataStorage().inputTypes.find((t) => t.target === type);
  return (input?.fields ?? []).every((field) => isShape(field.getType(), seen));
}

/** The fields of an `@ArgsType` class and of the ones it extends, as Type-GraphQL copies them. */
function argsFieldNames(type: unknown): string[] {
  const names: string[] = [];
  for (let target = type; typeof target === "function" && target.prototype !== undefined; target = Object.getPrototypeOf(target)) {
    const argsType = getMetadataStorage().argumentTypes.find((t) => t.target === target);
    for (const field of argsType?.fields ?? []) if (!names.includes(field.name)) names.push(field.name);
  }
  return names;
}

/**
 * Where a parameter's value is in graphql-js's arguments. Read by the one function `read`, not
 * a closure per parameter: every derived resolver then calls the same small function, which the
 * engine can inline, where closures of each field's own would make every call site megamorphic.
 */
type Source =
  | { from: "root" | "context" | "info" | "args" }
  | { from: "root." | "context." | "arg"; name: string }
  | { from: "picked"; names: readonly string[] };

// biome-ignore lint/suspicious/noExplicitAny: the root and arguments of any field
function read(source: Source, root: any, args: any, ctx: Context, info: unknown): unknown {
  switch (source.from) {
    case "root":
      return root;
    case "context":
      return ctx;
    case "args":
      return args;
    case "arg":
      return args[source.name];
    case "root.":
      return root[source.name];
    case "context.":
      return ctx[source.name as keyof Context];
    case "info":
      return info;
    case "picked": {
      const picked: Record<string, unknown> = {};
      for (const name of source.names) if (args[name] !== undefined) picked[name] = args[name];
      return picked;
    }
  }
}

/** Where one decorated parameter is read from, as Type-GraphQL's `getParams` reads it. */
function sourceOf(param: ParamMetadata, where: string, besideArg: boolean): Source {
  const refuse = (why: string) => new Error(`${where}: ${why}; graphql-js cannot call it directly.`);
  if ("validateSettings" in param && (param.validateSettings !== undefined || param.validateFn !== undefined))
    throw refuse("an argument is validated");
  switch (param.kind) {
    case "root":
      if (!isShape(param.getType?.())) throw refuse("its root is copied into a class with methods");
      return param.propertyName ? { from: "root.", name: param.propertyName } : { from: "root" };
    case "context":
      return param.propertyName ? { from: "context.", name: param.propertyName } : { from: "context" };
    case "info":
      return { from: "info" };
    case "arg":
      if (!isShape(param.getType())) throw refuse(`argument "${param.name}" is an input class with methods, or holds one`);
      return { from: "arg", name: param.name };
    case "args": {
      const type = param.getType();
      if (!isShape(type)) throw refuse("its arguments class has methods");
      // graphql-js gives the field its arguments: the class's fields alone, unless an `@Arg` beside it adds one.
      return besideArg ? { from: "picked", names: argsFieldNames(type) } : { from: "args" };
    }
    default:
      throw refuse(`a parameter of kind "${param.kind}"`);
  }
}

/** The function graphql-js calls for one decorated method: the method, on one instance, given its parameters in index order. */
function derive(definition: HandlerMetadata, instance: Record<string, (...params: unknown[]) => unknown>, where: string): Direct {
  if ((definition.middlewares?.length ?? 0) > 0 || definition.roles !== undefined) throw new Error(`${where}: has middlewares or roles.`);
  const method = instance[definition.methodName]!;
  // Type-GraphQL passes the decorated parameters sorted by index, leaving no gaps.
  const params = [...(definition.params ?? [])].sort((a, b) => a.index - b.index);
  const besideArg = params.some((param) => param.kind === "arg");
  const sources = params.map((param) => sourceOf(param, where, besideArg));
  const [a, b, c, d] = sources;
  // The shapes most fields have are read without `read`: an entity's fields take their root and
  // context, and a connection its arguments, for every object of an answer.
  switch (sources.map((source) => source.from).join(",")) {
    case "root":
      return (root) => method.call(instance, root);
    case "root,context":
      return (root, _args, ctx) => method.call(instance, root, ctx);
    case "root,context,args":
      return (root, args, ctx) => method.call(instance, root, ctx, args);
    case "root,context,picked,arg": {
      const name = (d as { name: string }).name;
      return (root, args, ctx, info) => method.call(instance, root, ctx, read(c!, root, args, ctx, info), args[name]);
    }
  }
  switch (sources.length) {
    case 0:
      return () => method.call(instance);
    case 1:
      return (root, args, ctx, info) => method.call(instance, read(a!, root, args, ctx, info));
    case 2:
      return (root, args, ctx, info) => method.call(instance, read(a!, root, args, ctx, info), read(b!, root, args, ctx, info));
    case 3:
      return (root, args, ctx, info) =>
        method.call(instance, read(a!, root, args, ctx, info), read(b!, root, args, ctx, info), read(c!, root, args, ctx, info));
    case 4:
      return (root, args, ctx, info) =>
        method.call(
          instance,
          read(a!, root, args, ctx, info),
          read(b!, root, args, ctx, info),
          read(c!, root, args, ctx, info),
          read(d!, root, args, ctx, info),
        );
    default:
      return (root, args, ctx, info) =>
        method.apply(
          instance,
          sources.map((source) => read(source, root, args, ctx, info)),
        );
  }
}

/**
 * Every query and field resolver that `resolvers` declare, as functions graphql-js calls, by
 * GraphQL type and field name. Reads the metadata Type-GraphQL completes when it builds a schema
 * of these classes, so it is called after `buildSchemaSync`.
 */
export function directResolvers(resolvers: readonly ClassType[]): Record<string, Record<string, Direct>> {
  const storage = getMetadataStorage();
  const classes = new Set<unknown>(resolvers);
  const instances = new Map<unknown, Record<string, (...params: unknown[]) => unknown>>();
  // One instance per class, as Type-GraphQL's default container keeps.
  const instanceOf = (target: unknown) => {
    let instance = instances.get(target);
    if (!instance) instances.set(target, (instance = new (target as new () => Record<string, (...params: unknown[]) => unknown>)()));
    return instance;
  };
  const typeNameOf = (type: unknown) =>
    (storage.objectTypes.find((t) => t.target === type) ?? storage.interfaceTypes.find((t) => t.target === type))?.name;
  const byType: Record<string, Record<string, Direct>> = {};
  const add = (typeName: string, definition: HandlerMetadata) => {
    const where = `${typeName}.${definition.schemaName}`;
    (byType[typeName] ??= {})[definition.schemaName] = derive(definition, instanceOf(definition.target), where);
  };
  for (const query of storage.queries) if (classes.has(query.target)) add("Query", query);
  for (const field of storage.fieldResolvers) {
    if (!classes.has(field.target)) continue;
    if (field.kind !== "external") throw new Error(`${field.schemaName}: a field resolver outside a resolver class.`);
    const typeName = typeNameOf(field.getObjectType?.());
    if (!typeName) throw new Error(`${field.schemaName}: its resolver class names no object type.`);
    add(typeName, field);
  }
  return byType;
}
