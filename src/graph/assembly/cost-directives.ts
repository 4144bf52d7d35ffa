/**
 * The schema's cost declarations, in the IBM GraphQL cost directives that
 * Apollo Federation 2.9+ and Apollo Router's demand control read (`@cost`,
 * `@listSize`). They are derived by rule from each field's shape, so no list
 * can be added without a size:
 * - a field returning a connection is sized by `first`/`last` (at most
 *   `MAX_PAGE_SIZE`, `DEFAULT_PAGE_SIZE` when neither is given), which sizes
 *   the connection's `edges` and `nodes`;
 * - a plain list with a `first` argument is sized by it;
 * - any other list of objects has a declared bound, `assumedSize`, which its
 *   description states;
 * - `PageInfo` and every edge type weigh nothing: they are computed from the
 *   page, not loaded. That keeps every field of a connection other than its
 *   sized lists free, so a connection costs 1 + rows × (the cost of one node),
 *   through `edges { node }` as through `nodes`;
 * - a leaf that can carry far more bytes than a name or a date (a source's
 *   text and sentences) weighs the bytes it may carry at most, a point per
 *   `BYTES_PER_POINT`, so that no answer is large for its price.
 * https://ibm.github.io/graphql-specs/cost-spec.html
 */
import {
  Kind,
  parseConstValue,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InterfaceTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
  type StringValueNode,
  type TypeNode,
} from "graphql";
import { MAX_LIST_ITEMS, MAX_SOURCE_TEXT_BYTES } from "../../facts/records";
import { DEFAULT_PAGE_SIZE } from "../shapes/connection";
import { MAX_NODE_IDS } from "../entity-base/node";
import { DEFAULT_SEARCH_RESULTS } from "../entity-base/search";
import { PLAIN_LIST_NOTE } from "../shapes/words";

/**
 * The bound every plain list of objects declares (citations, parties, licenses, …): lists that
 * grow with the sources are connections. Fixture validation holds every list in a record to it.
 */
export const PLAIN_LIST_SIZE = MAX_LIST_ITEMS;

/** The bytes of answer a point of cost stands for, where a field is priced by its size. */
export const BYTES_PER_POINT = 256;

/** The points a field that carries up to `bytes` bytes costs. */
export function bytesWeight(bytes: number): number {
  return Math.ceil(bytes / BYTES_PER_POINT);
}

/** Leaves priced by their size: the most bytes each may carry in an answer, which fixture validation holds them to. */
export const SIZED_LEAVES: Readonly<Record<string, number>> = {
  "Source.text": MAX_SOURCE_TEXT_BYTES,
  "Source.sentences": MAX_SOURCE_TEXT_BYTES,
};

/** Fields of a connection that hold one entry per row. */
export const SIZED_FIELDS = ["edges", "nodes"] as const;

/** The federation imports these directives need (FEDERATION_VERSION 2.9 or later). */
export const COST_DIRECTIVES = ["@cost", "@listSize"] as const;

function directive(name: string, args: Record<string, string>): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([arg, value]) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: arg },
      value: parseConstValue(value),
    })),
  };
}

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

function isListType(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && isListType(type.type));
}

/** A connection type: an object with `edges`, `nodes`, `pageInfo` and `totalCount`. */
function isConnection(type: ObjectTypeDefinitionNode | undefined): boolean {
  const names = new Set(type?.fields?.map((f) => f.name.value));
  return ["edges", "nodes", "pageInfo", "totalCount"].every((n) => names.has(n));
}

/** An edge type: an object with `cursor` and `node` and nothing else. */
function isEdge(type: ObjectTypeDefinitionNode): boolean {
  return (
    (type.fields
      ?.map((f) => f.name.value)
      .sort()
      .join() ?? "") === "cursor,node"
  );
}

/** The `@listSize` a field declares by the rules above; null for a field that is not a list of objects. */
function listSizeOf(
  field: FieldDefinitionNode,
  objects: Map<string, ObjectTypeDefinitionNode>,
  composite: Set<string>,
): ConstDirectiveNode | null {
  const args = new Set(field.arguments?.map((a) => a.name.value));
  const typeName = namedTypeOf(field.type);
  if (!isListType(field.type)) {
    if (!isConnection(objects.get(typeName))) return null;
    return directive("listSize", {
      assumedSize: String(DEFAULT_PAGE_SIZE),
      slicingArguments: JSON.stringify(["first", "last"].filter((a) => args.has(a))),
      sizedFields: JSON.stringify(SIZED_FIELDS),
      requireOneSlicingArgument: "false",
    });
  }
  if (!composite.has(typeName)) return null;
  // `edges` and `nodes` of a connection are sized by the field that returns the connection.
  if (args.has("first")) {
    return directive("listSize", {
      assumedSize: String(DEFAULT_SEARCH_RESULTS),
      slicingArguments: '["first"]',
      requireOneSlicingArgument: "false",
    });
  }
  if (args.has("ids")) return directive("listSize", { assumedSize: String(MAX_NODE_IDS) });
  return directive("listSize", { assumedSize: String(PLAIN_LIST_SIZE) });
}

function noted(description: StringValueNode | undefined, note = PLAIN_LIST_NOTE): StringValueNode {
  const text = description?.value ?? "";
  return { kind: Kind.STRING, value: text.endsWith(note) ? text : `${text} ${note}`.trim(), block: true };
}

/** A sized leaf with its price, stated in its description too; null for any other field. */
function sizedLeaf(typeName: string, field: FieldDefinitionNode): FieldDefinitionNode | null {
  const bytes = SIZED_LEAVES[`${typeName}.${field.name.value}`];
  if (bytes === undefined) return null;
  const weight = bytesWeight(bytes);
  return {
    ...field,
    description: noted(
      field.description,
      `Costs ${weight} points, as ${bytes / 1024} KiB (the most it can carry) at ${BYTES_PER_POINT} bytes a point.`,
    ),
    directives: [...(field.directives ?? []), directive("cost", { weight: String(weight) })],
  };
}

/** The SDL with its cost declarations added, and the bound of each plain list stated in its description. */
export function withCostDirectives(sdl: DocumentNode): DocumentNode {
  const objects = new Map<string, ObjectTypeDefinitionNode>();
  const composite = new Set<string>();
  for (const def of sdl.definitions) {
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION) objects.set(def.name.value, def);
    if (
      def.kind === Kind.OBJECT_TYPE_DEFINITION ||
      def.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      def.kind === Kind.UNION_TYPE_DEFINITION
    ) {
      composite.add(def.name.value);
    }
  }
  const connectionFields = new Set(
    [...objects.values()].filter(isConnection).flatMap((t) => SIZED_FIELDS.map((f) => `${t.name.value}.${f}`)),
  );
  const annotate = (type: ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode) =>
    type.fields?.map((field) => {
      if (connectionFields.has(`${type.name.value}.${field.name.value}`)) return field;
      const sized = sizedLeaf(type.name.value, field);
      if (sized) return sized;
      const listSize = listSizeOf(field, objects, composite);
      if (!listSize) return field;
      const bounded = listSize.arguments?.length === 1 && (field.arguments?.length ?? 0) === 0;
      return {
        ...field,
        description: bounded ? noted(field.description) : field.description,
        // Before @deprecated, where graphql-js's printer puts it: the SDL we serve and the schema printed whole then compose alike.
        directives: [
          ...(field.directives ?? []).filter((d) => d.name.value !== "deprecated"),
          listSize,
          ...(field.directives ?? []).filter((d) => d.name.value === "deprecated"),
        ],
      };
    });
  return visit(sdl, {
    ObjectTypeDefinition(type) {
      const computed = type.name.value === "PageInfo" || isEdge(type);
      const directives = computed ? [...(type.directives ?? []), directive("cost", { weight: "0" })] : type.directives;
      return { ...type, fields: annotate(type), directives };
    },
    InterfaceTypeDefinition(type) {
      return { ...type, fields: annotate(type) };
    },
  });
}
