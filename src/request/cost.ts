/**
 * The cost of an operation: what it can return, estimated before it runs, by
 * the schema's own `@cost` and `@listSize` declarations (graph/assembly/cost-directives.ts),
 * the static analysis of the IBM cost spec that Apollo Router's demand control
 * also runs. graphql-query-complexity walks the operation (fragments, inline
 * fragments, `@skip`/`@include`, variables, abstract types as their costliest
 * member); the estimator below prices each field:
 * - an object, interface or union costs 1 (or its `@cost`), a scalar or enum 0,
 *   `__typename` nothing;
 * - a list costs its size × (its item + the item's selections); a connection
 *   costs 1 + rows × the selections of its edges and nodes (`sizedFields`);
 * - a size comes from the slicing arguments (`first`, `last`, at most the
 *   largest page a resolver serves), else the declared `assumedSize`;
 * - two lists are sized by the request itself, where a router has only the
 *   declared bound: `nodes(ids:)` by its IDs and `_entities` by its
 *   representations;
 * - introspection lists by the schema itself (its number of types, the most
 *   fields any type has, …), and each `__schema` or `__type` at least at the
 *   bytes of the schema's whole introspection, which its descriptions can come to;
 * - `_service { sdl }` by the size of the SDL it serves, as the schema's sized
 *   leaves are priced (a router never sees it: it is asked of the subgraph, by
 *   the router itself).
 */
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import {
  introspectionFromSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
  isAbstractType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type SelectionNode,
  type SelectionSetNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isIntrospectionType,
  isListType,
  isObjectType,
  isInterfaceType,
  isInputObjectType,
  isEnumType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { LRUCache } from "lru-cache";
import { LimitExceededError } from "./limits";
import { INTROSPECTION_PER_POINT } from "./rate-limit";
import { bytesWeight } from "../graph/assembly/cost-directives";
import { MAX_NODE_IDS } from "../graph/entity-base/node";
import { printServedSchema } from "../graph/assembly/schema";

/** How a list field is sized. */
interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** What the estimator knows of one field, worked out once per schema. */
interface FieldCost {
  /** The field's own weight: its `@cost`, else its type's `@cost`, else 1 for objects and 0 for leaves. */
  weight: number;
  /** The field returns a list (sized by `size`), or a connection whose sized fields are (`sized`). */
  list: boolean;
  listSize?: ListSize;
  /** An argument whose length is the list's size, counted exactly. */
  countedArgument?: string;
  /** A field whose rows are counted by the connection field above it. */
  sizedByParent: boolean;
  /** The field carries the SDL, weighed by its size when first asked for. */
  sdl?: true;
}

/** The subgraph's SDL, as `_service` serves it. */
const SDL_FIELD = "_Service.sdl";

/** Lists sized by the length of one of their arguments, each at most the resolver's own maximum. */
const COUNTED_ARGUMENTS: Record<string, { argument: string; max: number }> = {
  "Query.nodes": { argument: "ids", max: MAX_NODE_IDS },
  "Query._entities": { argument: "representations", max: Number.MAX_SAFE_INTEGER },
};

/** Rows a slicing argument counts at most: what a resolver serves before it refuses the argument itself. */
export const MAX_SLICE = 100;

/** Fields the estimator prices at most per operation; past that the operation is refused as too costly. */
export const MAX_COSTED_FIELDS = 10_000;

function directiveArguments(node: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

function declared(
  astNode: { directives?: readonly ConstDirectiveNode[] } | null | undefined,
  name: string,
): Record<string, unknown> | undefined {
  const found = astNode?.directives?.find((d) => d.name.value === name);
  return found ? directiveArguments(found) : undefined;
}

/** Whether `@skip` and `@include` keep a selection, as graphql-query-complexity reads them. */
function shouldInclude(node: SelectionNode, variables: Record<string, unknown>): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}

/** The integer slicing arguments (`first`, `last`) a list is given. */
function slicesOf(cost: FieldCost, args: Record<string, unknown>): number[] {
  return (cost.listSize?.slicingArguments ?? []).map((name) => args[name]).filter((v): v is number => Number.isInteger(v));
}

function typeWeight(type: GraphQLNamedType): number {
  const cost = declared(type.astNode, "cost");
  if (cost) return Number(cost.weight);
  return isCompositeType(type) ? 1 : 0;
}

/** An operation over a limit of the cost model that is no number (too many fields to price). */
export class TooManyFieldsError extends Error {}

/** The schema's sizes for introspection lists: an upper bound from the schema itself. */
function introspectionSizes(schema: GraphQLSchema): Record<string, number> {
  const types = Object.values(schema.getTypeMap());
  const max = (values: number[]) => Math.max(1, ...values);
  const fieldsOf = (t: GraphQLNamedType) => (isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : []);
  return {
    "__Schema.types": types.length,
    "__Schema.directives": schema.getDirectives().length,
    "__Type.fields": max(types.map((t) => fieldsOf(t).length)),
    "__Type.interfaces": max(types.map((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0))),
    "__Type.possibleTypes": max(types.map((t) => (isCompositeType(t) && !isObjectType(t) ? schema.getPossibleTypes(t).length : 0))),
    "__Type.enumValues": max(types.map((t) => (isEnumType(t) ? t.getValues().length : 0))),
    "__Type.inputFields": max(types.map((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0))),
    "__Field.args": max(types.flatMap((t) => fieldsOf(t).map((f) => f.args.length))),
    "__Directive.args": max(schema.getDirectives().map((d) => d.args.length)),
  };
}

/** The cost model of one schema. */
export class CostModel {
  private readonly fields = new Map<GraphQLField<unknown, unknown>, FieldCost>();
  private readonly introspection: Record<string, number>;

  constructor(private readonly schema: GraphQLSchema) {
    this.introspection = introspectionSizes(schema);
    const sizedByParent = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const sized = declared(field.astNode, "listSize")?.sizedFields as string[] | undefined;
        for (const name of sized ?? []) sizedByParent.add(`${getNamedType(field.type).name}.${name}`);
      }
    }
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const key = `${type.name}.${field.name}`;
        const named = getNamedType(field.type);
        const list = isListType(getNullableType(field.type));
        const listSize = declared(field.astNode, "listSize") as ListSize | undefined;
        const fieldCost = declared(field.astNode, "cost");
        const cost: FieldCost = {
          weight: fieldCost ? Number(fieldCost.weight) : typeWeight(named),
          list,
          listSize,
          countedArgument: COUNTED_ARGUMENTS[key]?.argument,
          sizedByParent: sizedByParent.has(key),
          ...(key === SDL_FIELD ? { sdl: true as const } : {}),
        };
        // Every list of objects must say how long it can be, or its cost is a guess.
        const introspected = isIntrospectionType(type) || this.introspection[key] !== undefined;
        if (list && isCompositeType(named) && !listSize && !cost.countedArgument && !cost.sizedByParent && !introspected) {
          throw new Error(`${key} is a list of ${named.name} without @listSize: its cost cannot be estimated`);
        }
        this.fields.set(field, cost);
      }
    }
  }

  /** The rows a list field returns at most, for the arguments it is given. */
  private sizeOf(typeName: string, field: GraphQLField<unknown, unknown>, cost: FieldCost, args: Record<string, unknown>): number {
    const key = `${typeName}.${field.name}`;
    if (cost.countedArgument) {
      const given = args[cost.countedArgument];
      return Math.min(Array.isArray(given) ? given.length : 0, COUNTED_ARGUMENTS[key]!.max);
    }
    const introspected = this.introspection[key];
    if (introspected !== undefined) return introspected;
    const slices = slicesOf(cost, args);
    if (slices.length > 0) return Math.min(Math.max(0, ...slices), MAX_SLICE);
    // A list of leaves costs nothing whatever its size; one of objects has declared its bound (see the constructor).
    return cost.listSize?.assumedSize ?? 1;
  }

  /**
   * What one field costs, given what its selections cost once (`childComplexity`): `cost`, and `rows`,
   * how many times those selections are counted in it. Null for introspection's meta fields.
   */
  private price(
    type: GraphQLNamedType,
    field: GraphQLField<unknown, unknown>,
    args: Record<string, unknown>,
    childComplexity: number,
  ): { cost: number; rows: number; fieldCost: FieldCost } | null {
    const fieldCost = this.fields.get(field);
    if (fieldCost === undefined) return null;
    const { weight } = fieldCost;
    if (fieldCost.sdl) return { cost: this.sdlWeight(), rows: 0, fieldCost };
    if (fieldCost.sizedByParent) return { cost: weight + childComplexity, rows: 1, fieldCost };
    if (fieldCost.list) {
      const rows = this.sizeOf(type.name, field, fieldCost, args);
      return { cost: rows * (weight + childComplexity), rows, fieldCost };
    }
    if (fieldCost.listSize?.sizedFields) {
      const rows = this.sizeOf(type.name, field, fieldCost, args);
      return { cost: weight + rows * childComplexity, rows, fieldCost };
    }
    return { cost: weight + childComplexity, rows: 1, fieldCost };
  }

  /**
   * The estimator graphql-query-complexity calls for every field it walks; introspection's share
   * goes to `tally`, and `checkDeadline` is called now and then (it throws once time is up).
   */
  private estimator(tally: { introspection: number }, checkDeadline?: () => void): ComplexityEstimator {
    let priced = 0;
    return ({ type, field, args, childComplexity }) => {
      if (++priced > MAX_COSTED_FIELDS) throw new TooManyFieldsError();
      if (checkDeadline && priced % DEADLINE_EVERY === 0) checkDeadline();
      const known = this.price(type, field, args, childComplexity);
      if (known) return known.cost;
      // Meta fields are in no type's fields: `__typename` is free, `__schema` and `__type` (on the root only) introspect.
      if (field.name === "__typename") return 0;
      // Either can carry every description of the schema, however few objects it counts: it pays at least for their bytes.
      const introspected = Math.max(1 + childComplexity, this.descriptionsWeight() * INTROSPECTION_PER_POINT);
      tally.introspection += introspected;
      return introspected;
    };
  }

  /**
   * The connections and lists the operation leaves at their default size (no `first` or `last`),
   * each with its path and what it adds to the estimate, costliest first. It walks the operation
   * as graphql-query-complexity does (fragments, `@skip`/`@include`, an abstract type as its
   * costliest member), pricing each field the same way, so the figures add up to the estimate;
   * asked only of an operation already estimated (and refused), whose fields are already counted.
   */
  defaultPages(document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown> | null): DefaultPage[] {
    const operation = getOperationAST(document, operationName);
    const root = operation && this.schema.getRootType(operation.operation);
    if (!operation || !root) return [];
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return [];
    const fragments = new Map(
      document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const),
    );
    const merged = new Map<string, DefaultPage>();
    for (const page of this.walk(operation, root, [], { fragments, variables: coerced.coerced }, new Set()).pages) {
      const key = `${page.path.join(".")} ${page.field}`;
      const known = merged.get(key);
      if (known) known.cost += page.cost;
      else merged.set(key, { ...page });
    }
    return [...merged.values()].sort((a, b) => b.cost - a.cost);
  }

  private walk(
    node: { selectionSet?: SelectionSetNode },
    type: GraphQLCompositeType,
    path: string[],
    scope: { fragments: Map<string, FragmentDefinitionNode>; variables: Record<string, unknown> },
    active: Set<string>,
  ): { cost: number; pages: DefaultPage[] } {
    if (!node.selectionSet) return { cost: 0, pages: [] };
    const byType = new Map<string, { cost: number; pages: DefaultPage[] }>();
    const add = (typeNames: readonly string[], cost: number, pages: DefaultPage[]) => {
      for (const name of typeNames) {
        const sum = byType.get(name) ?? { cost: 0, pages: [] };
        sum.cost += cost;
        sum.pages.push(...pages);
        byType.set(name, sum);
      }
    };
    const typesOf = (t: GraphQLCompositeType) => (isAbstractType(t) ? this.schema.getPossibleTypes(t).map((p) => p.name) : [t.name]);
    for (const selection of node.selectionSet.selections) {
      if (!shouldInclude(selection, scope.variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        // Meta fields: `__typename` is free, and introspection is costed apart.
        if (name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
        const field = type.getFields()[name];
        if (!field) continue;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, selection, scope.variables);
        } catch {
          continue;
        }
        const named = getNamedType(field.type);
        const responseName = selection.alias?.value ?? name;
        const below = isCompositeType(named) ? this.walk(selection, named, [...path, responseName], scope, active) : { cost: 0, pages: [] };
        const priced = this.price(type, field, args, below.cost);
        if (!priced) continue;
        const pages = below.pages.map((p) => ({ ...p, cost: p.cost * priced.rows }));
        const { listSize } = priced.fieldCost;
        // Only rows that count something: a default page of `totalCount` alone costs what `first: 1` would.
        if ((listSize?.slicingArguments?.length ?? 0) > 0 && slicesOf(priced.fieldCost, args).length === 0 && below.cost > 0) {
          pages.push({ path: [...path, responseName], field: `${type.name}.${name}`, rows: priced.rows, cost: priced.cost });
        }
        add(typesOf(type), priced.cost, pages);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? scope.fragments.get(selection.name.value) : selection;
        if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && active.has(selection.name.value))) continue;
        const condition = fragment.typeCondition ? this.schema.getType(fragment.typeCondition.name.value) : type;
        if (!condition || !isCompositeType(condition)) continue;
        if (selection.kind === Kind.FRAGMENT_SPREAD) active.add(selection.name.value);
        const inner = this.walk(fragment, condition, path, scope, active);
        if (selection.kind === Kind.FRAGMENT_SPREAD) active.delete(selection.name.value);
        add(typesOf(condition), inner.cost, inner.pages);
      }
    }
    let costliest = { cost: 0, pages: [] as DefaultPage[] };
    for (const sum of byType.values()) if (sum.cost > costliest.cost) costliest = sum;
    return costliest;
  }

  private sdl?: number;
  private descriptions?: number;

  /** The points the schema's whole introspection answer (every description in it) is worth, worked out once. */
  private descriptionsWeight(): number {
    const all = {
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    };
    return (this.descriptions ??= bytesWeight(Buffer.byteLength(JSON.stringify(introspectionFromSchema(this.schema, all)))));
  }

  /** The SDL's price: its bytes in an answer, printed once (and kept for `_service` to serve). */
  private sdlWeight(): number {
    return (this.sdl ??= bytesWeight(Buffer.byteLength(JSON.stringify(printServedSchema(this.schema)))));
  }

  /** Estimates by query text, operation and variables, bounded by bytes: the variables may be anything a client sent. */
  private readonly memo = new LRUCache<string, Estimate | { unfit: true }>({
    maxSize: MEMO_BYTES,
    sizeCalculation: (_value, key) => 2 * key.length + 100,
  });

  /**
   * The estimated cost of the operation, introspection apart; Infinity when it has more fields to
   * price than `MAX_COSTED_FIELDS`; null when the document has no such operation or its variables
   * do not fit it, which Apollo and graphql-js then refuse before executing anything. With the
   * query's text, remembered per text, operation and variables (the cost depends on nothing else).
   * The variables must be within their bounds (request/variables.ts): their JSON is the memo's key.
   */
  estimate(
    document: DocumentNode,
    operationName?: string | null,
    variables?: Record<string, unknown> | null,
    source?: string,
    checkDeadline?: () => void,
  ): Estimate | null {
    const key = source === undefined ? undefined : `${source}\n${operationName ?? ""}\n${JSON.stringify(variables ?? {})}`;
    const known = key === undefined || key.length > MEMO_KEY_LENGTH ? undefined : this.memo.get(key);
    if (known) return "unfit" in known ? null : known;
    const estimate = this.compute(document, operationName ?? undefined, variables ?? {}, checkDeadline);
    if (key !== undefined && key.length <= MEMO_KEY_LENGTH) this.memo.set(key, estimate ?? { unfit: true });
    return estimate;
  }

  private compute(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
    checkDeadline?: () => void,
  ): Estimate | null {
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    // graphql-query-complexity coerces the variables with no cap on errors: a long list of wrong
    // items would make thousands. Coerced here first, stopping at the first error (graphql-js's
    // execution reports them, up to its own cap).
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables, { maxErrors: 0 });
    if (coerced.errors) return null;
    checkDeadline?.();
    const tally = { introspection: 0 };
    try {
      const total = getComplexity({
        schema: this.schema,
        query: document,
        // Named as the document names it: graphql-query-complexity reads the name of every operation.
        operationName: operation.name?.value,
        variables,
        estimators: [this.estimator(tally, checkDeadline)],
        maxQueryNodes: Infinity,
      });
      return { cost: total - tally.introspection, introspection: tally.introspection };
    } catch (error) {
      // Too many fields to price is the cost limit's, whatever they select.
      if (error instanceof TooManyFieldsError) return { cost: Infinity, introspection: 0 };
      if (error instanceof GraphQLError) return null;
      throw error;
    }
  }
}

/** A connection counted at its default page: where it is, the field, the rows counted, and what it adds to the estimate. */
export interface DefaultPage {
  path: string[];
  field: string;
  rows: number;
  cost: number;
}

/** The most default pages a refusal names, costliest first. */
export const MAX_DEFAULT_PAGES = 10;

/**
 * The refusal of an operation over the cost limit. When it leaves connections at their default
 * page, it names each (path and field, costliest first) with what it adds to the estimate, what
 * is nested in it included, and says to pass `first` or `last`; `extensions.defaultPages` lists
 * the same for a client tool.
 */
export function costLimitError(max: number, found: number | undefined, pages: DefaultPage[]): LimitExceededError {
  if (pages.length === 0) return new LimitExceededError("maxCost", max, found);
  const named = pages.slice(0, MAX_DEFAULT_PAGES);
  const sizes = [...new Set(named.map((p) => p.rows))];
  const each = named
    .map((p) => `\`${p.path.join(".")}\` (${p.field}${sizes.length > 1 ? `, ${p.rows} rows` : ""}) adds ${p.cost}`)
    .join("; ");
  const more = pages.length > named.length ? `; and ${pages.length - named.length} more` : "";
  const one = pages.length === 1;
  const hint =
    `${one ? "A connection has" : `${pages.length} connections have`} no \`first\` or \`last\`, so ${one ? "it is" : "each is"} ` +
    `counted at its default page of ${sizes.join(" or ")} rows, with what is nested in it: ${each}${more}. ` +
    `Pass \`first\` or \`last\` with the rows you need to ${one ? "it" : "each"}.`;
  return new LimitExceededError("maxCost", max, found, { hint, extensions: { defaultPages: named } });
}

/** An operation's estimated cost: what it can return, and what its introspection can. */
export interface Estimate {
  cost: number;
  introspection: number;
}

/** Fields priced between two looks at the request's deadline. */
const DEADLINE_EVERY = 256;

/** Longest key (query text, operation and variables) whose estimate is remembered, and the bytes all of them may take. */
const MEMO_KEY_LENGTH = 16 * 1024;
const MEMO_BYTES = 4 * 1024 * 1024;
