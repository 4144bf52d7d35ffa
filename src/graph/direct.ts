/**
 * Resolvers that graphql-js calls directly. Type-GraphQL declares every field (its decorators make
 * the schema), and its wrapper around each call finds the class instance, sorts the method's
 * parameters, copies the root into an instance of its class and the arguments into theirs, and
 * runs the middlewares (none here): on every object of every answer. A resolver that only reads its
 * root and arguments gets them as they are, through the function registered here for its class.
 * The decorated method and the registered function call the same code, so both say one thing.
 */
import type { GraphQLFieldResolver } from "graphql";
import type { ClassType } from "type-graphql";
import type { Context } from "../context";

// biome-ignore lint/suspicious/noExplicitAny: roots and arguments differ per field; each registration types its own
type Direct = GraphQLFieldResolver<any, Context, any>;

/** Per resolver class: the GraphQL type its fields are on, and each field's function. */
const registered = new WeakMap<ClassType, { typeName: string; fields: Record<string, Direct> }>();

/** Has graphql-js call `fields` directly for the fields of `typeName` that `resolver` declares. */
export function resolveDirectly(resolver: ClassType, typeName: string, fields: Record<string, Direct>): void {
  const entry = registered.get(resolver);
  registered.set(resolver, { typeName, fields: { ...entry?.fields, ...fields } });
}

/** The direct resolvers of `resolvers`, by GraphQL type and field name. */
export function directResolvers(resolvers: readonly ClassType[]): Record<string, Record<string, Direct>> {
  const byType: Record<string, Record<string, Direct>> = {};
  for (const resolver of resolvers) {
    const entry = registered.get(resolver);
    if (entry) byType[entry.typeName] = { ...byType[entry.typeName], ...entry.fields };
  }
  return byType;
}
