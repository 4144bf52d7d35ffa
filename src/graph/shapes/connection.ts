/**
 * Relay connections, written once for every entity: `Connection(Country)`
 * is CountryConnection (with CountryEdge), made on first use; `paginate` slices
 * any list by first/after/last/before with graphql-relay's offset cursors.
 */
import { cursorToOffset, offsetToCursor } from "graphql-relay";
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { MAX_LIST_ITEMS } from "../../facts/records";
import { badUserInput } from "./errors";
import { typeNameOf } from "../entity-base/type-name";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@Directive("@shareable")
@ObjectType({ simpleResolvers: true, description: "Where a page of a connection stands in the whole list." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether more items follow this page (when paginating forwards with `first`)." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Whether items come before this page (when paginating backwards with `last`)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the first item of this page; null for an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The cursor of the last item of this page; null for an empty page." })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Returns the first _n_ items, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE} when neither \`first\` nor \`last\` is given).`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Returns the items after this cursor (an edge's `cursor`, or `startCursor`/`endCursor` of `pageInfo`). At or past the end of the list: an empty page. A string this API did not issue as a cursor: a BAD_USER_INPUT error.",
  })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Returns the last _n_ items, 1 to ${MAX_PAGE_SIZE}. Cannot be combined with \`first\`.`,
  })
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Returns the items before this cursor (an edge's `cursor`, or `startCursor`/`endCursor` of `pageInfo`). Past the end of the list: the items up to its end. A string this API did not issue as a cursor: a BAD_USER_INPUT error.",
  })
  before?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

const connections = new Map<ClassType, ClassType>();

/**
 * The `<Name>Connection` object type (and its `<Name>Edge`) of an item type, one per item type,
 * made on first use; first used before the schema is built (Type-GraphQL reads only the types made by then).
 */
export function Connection<T extends object>(itemType: ClassType<T>): ClassType<ConnectionShape<T>> {
  let connection = connections.get(itemType);
  if (!connection) connections.set(itemType, (connection = makeConnection(itemType)));
  return connection as ClassType<ConnectionShape<T>>;
}

function makeConnection<T extends object>(itemType: ClassType<T>): ClassType<ConnectionShape<T>> {
  const name = typeNameOf(itemType);
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `An edge in a connection of ${name} items.` })
  class EdgeType {
    @Field(() => String, { description: "An opaque cursor for use in `after` or `before`." })
    cursor!: string;

    @Field(() => itemType, { description: `The ${name} at the end of the edge.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A paginated list of ${name} items.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "A list of edges, each with a cursor." })
    edges!: EdgeType[];

    @Field(() => [itemType], { description: "A list of the nodes of this page (the edges without cursors)." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Information to aid in pagination." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "The number of items in the whole list, across all pages." })
    totalCount!: number;
  }
  return ConnectionType;
}

function checkCount(value: number | null | undefined, name: "first" | "last"): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`Argument "${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${value}.`, name);
  }
}

/**
 * graphql-relay's cursors of the first offsets, each made once, and what each decodes to: its
 * base64 is plain JavaScript, and every page with cursors made some and decoded and re-encoded its
 * `after` to check it. Bounded: past `MEMO_OFFSETS`, cursors are made every time.
 */
const CURSORS = new Map<number, string>();
const OFFSETS = new Map<string, number>();
const MEMO_OFFSETS = 10_000;

/** graphql-relay's cursor of `offset`. */
export function cursorOf(offset: number): string {
  let cursor = CURSORS.get(offset);
  if (cursor === undefined) {
    cursor = offsetToCursor(offset);
    if (offset < MEMO_OFFSETS) {
      CURSORS.set(offset, cursor);
      OFFSETS.set(cursor, offset);
    }
  }
  return cursor;
}

/** The offset graphql-relay decodes `cursor` to (NaN when it decodes to none). */
function offsetOf(cursor: string): number {
  return OFFSETS.get(cursor) ?? cursorToOffset(cursor);
}

function checkCursor(cursor: string | null | undefined, name: "after" | "before"): void {
  if (cursor == null) return;
  const offset = offsetOf(cursor);
  if (!Number.isSafeInteger(offset) || offset < 0 || cursorOf(offset) !== cursor) {
    throw badUserInput(`Argument "${name}" is not a cursor this API issued: ${JSON.stringify(cursor.slice(0, 100))}.`, name);
  }
}

/** Validates connection arguments; every mistake is a BAD_USER_INPUT error naming the argument. */
export function checkConnectionArgs(args: ConnectionArgs): void {
  checkCount(args.first, "first");
  checkCount(args.last, "last");
  if (args.first != null && args.last != null) {
    throw badUserInput('Passing both "first" and "last" to paginate a connection is not supported.', "last");
  }
  checkCursor(args.after, "after");
  checkCursor(args.before, "before");
}

/**
 * One page of a list: its nodes and total count at once, its cursors (`edges`,
 * `pageInfo`) only when a query asks for them; most queries ask for `nodes`.
 * The page is graphql-relay's `connectionFromArray` (a test holds both to the
 * same answers), with the cursors made lazily, except for cursors past the end:
 * graphql-relay starts over after one, and counts items after the end before one.
 */
export class Page<T> implements ConnectionShape<T> {
  private cursors?: { edges: Edge<T>[]; pageInfo: PageInfo };

  constructor(
    readonly nodes: T[],
    readonly totalCount: number,
    /** Offset of the first node in the whole list. */
    private readonly start: number,
    private readonly hasPreviousPage: boolean,
    private readonly hasNextPage: boolean,
  ) {}

  private get made() {
    if (!this.cursors) {
      const edges = this.nodes.map((node, i) => ({ cursor: cursorOf(this.start + i), node }));
      const pageInfo = {
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
        hasPreviousPage: this.hasPreviousPage,
        hasNextPage: this.hasNextPage,
      };
      this.cursors = { edges, pageInfo };
    }
    return this.cursors;
  }

  get edges(): Edge<T>[] {
    return this.made.edges;
  }

  get pageInfo(): PageInfo {
    return this.made.pageInfo;
  }

  /** The same page (cursors, page info) over other nodes, one for each of these: records loaded for keys. */
  withNodes<U>(nodes: U[]): Page<U> {
    return new Page(nodes, this.totalCount, this.start, this.hasPreviousPage, this.hasNextPage);
  }
}

/** One page of `items` for the connection arguments, with the total count. */
export function paginate<T>(items: readonly T[], args: ConnectionArgs): Page<T> {
  checkConnectionArgs(args);
  const first = args.first ?? (args.last == null ? DEFAULT_PAGE_SIZE : undefined);
  const last = args.last ?? undefined;
  // graphql-relay's connectionFromArraySlice over the whole array.
  const length = items.length;
  let start = 0;
  let end = length;
  // As graphql-relay's getOffsetWithDefault, for cursors checked above.
  const afterOffset = args.after == null ? -1 : offsetOf(args.after);
  // graphql-relay ignores an `after` past the end and starts over; a cursor is a position, and nothing is after the end.
  if (0 <= afterOffset) start = Math.min(afterOffset + 1, length);
  const beforeOffset = args.before == null ? end : offsetOf(args.before);
  if (0 <= beforeOffset && beforeOffset < length) end = Math.min(end, beforeOffset);
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  // A cursor past the end stands for the end: nothing lies beyond it, so neither counts items that are not there.
  const lowerBound = args.after != null ? Math.min(afterOffset + 1, length) : 0;
  const upperBound = args.before != null ? Math.min(beforeOffset, length) : length;
  return new Page(
    items.slice(start, end),
    length,
    start,
    last !== undefined ? start > lowerBound : false,
    first !== undefined ? end < upperBound : false,
  );
}

/** The first page of a list a connection pages, as the deprecated plain list it replaces serves it: the bound the cost model counts. */
export function firstPage<T>(items: readonly T[]): readonly T[] {
  return items.length > MAX_LIST_ITEMS ? items.slice(0, MAX_LIST_ITEMS) : items;
}

/** Says of a deprecated plain list that it stops at its first page, and that `connection` pages them all. */
export function firstPageOf(description: string, connection: string): string {
  return `${description} Only the first ${MAX_LIST_ITEMS}, in the order the sources give them: \`${connection}\` pages them all.`;
}
