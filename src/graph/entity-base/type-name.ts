/** The GraphQL name of an object type's class. */
import { getMetadataStorage, type ClassType } from "type-graphql";

/**
 * The name Type-GraphQL gives the object type of `type`: the one in its decorator, else the
 * class's. Read from the decorator's metadata, not the class: a bundler may rename a class
 * whose name another binding takes (esbuild makes `Event`, a global, `Event2`).
 */
export function typeNameOf(type: ClassType): string {
  return getMetadataStorage().objectTypes.find((objectType) => objectType.target === type)?.name ?? type.name;
}
