/**
 * A record's own list that more sources lengthen, as a connection beside it: the plain list stays,
 * deprecated, serving its first page, and the connection (named by the declaration) pages it all.
 */
import { Args, FieldResolver, Resolver, Root, type ClassType } from "type-graphql";
import { Connection, ConnectionArgs, firstPage, paginate } from "./connection";

export interface PagedList {
  /** The plain list, a field of the type's own. */
  list: string;
  /** The connection that pages it. */
  connection: string;
  /** The type of its items: an object type, or `String` for a list of names. */
  item: ClassType | StringConstructor;
  /** What the list holds, about the type: the connection's description. */
  description: string;
}

/** The deprecation reason of a plain list that `connection` replaces. */
export const replacedBy = (connection: string) => `Use \`${connection}\`, a connection: more sources give more than one list holds.`;

/** A resolver class for `type` with, for each list, the plain list's first page and its connection. */
export function pagedLists(type: ClassType, lists: readonly PagedList[]): ClassType {
  // Connection types are made now, when the module loads, before Type-GraphQL builds the schema.
  const resolver = { [`${type.name}Lists`]: class {} }[`${type.name}Lists`]!;
  const prototype = resolver.prototype as Record<string, unknown>;
  for (const { list, connection, item, description } of lists) {
    const connectionType = Connection(item as ClassType);
    prototype[list] = (row: Record<string, readonly unknown[]>) => firstPage(row[list]!);
    FieldResolver()(prototype, list, Object.getOwnPropertyDescriptor(prototype, list)!);
    Root()(prototype, list, 0);
    prototype[connection] = (row: Record<string, readonly unknown[]>, args: ConnectionArgs) => paginate(row[list]!, args);
    FieldResolver(() => connectionType, { description: `${description} Paged: every source that gives one adds to it.` })(
      prototype,
      connection,
      Object.getOwnPropertyDescriptor(prototype, connection)!,
    );
    Root()(prototype, connection, 0);
    Args(() => ConnectionArgs)(prototype, connection, 1);
  }
  Resolver(() => type)(resolver);
  return resolver;
}
