/**
 * Random operations for differential testing (test/fuzz/differential.test.ts): the shapes where
 * two executors, or an executor and a cache, can disagree, built from any schema.
 *
 * Like query-generator.ts (whose seeded generator and harvest it reuses) it knows GraphQL and
 * its two common conventions, not this API:
 * - Relay: `first`/`last`/`after`/`before` page a connection, `id`/`ids` take opaque IDs
 *   (graphql-relay's base64 of "Type:localId", which is how "an ID that names nothing" and
 *   "an ID of another type" are made from harvested ones);
 * - Apollo Federation: `_entities(representations: [_Any!]!)` takes `{ __typename, id }`.
 * Values it cannot invent (IDs, cursors, names) come from the answers of earlier operations.
 *
 * Shapes: several root fields; a second operation in the document chosen by `operationName`;
 * aliases, the same field twice under different aliases and arguments, and the same field twice
 * under one response key (merged, one copy sometimes excluded by a directive); `@include`/`@skip`
 * with literal and variable conditions on fields, inline fragments and fragment spreads; named
 * fragments on object types, interfaces and unions, spread again elsewhere; inline fragments
 * with and without a type condition, on the parent type, on its interfaces and on possible types;
 * variables with and without defaults, given, left out or null, also inside lists and input
 * objects; paging with all four arguments, harvested cursors and cursors no server issued;
 * well-formed, malformed, foreign and dangling IDs; values a resolver must refuse (`first: 0`,
 * `first: 101`, `first` with `last`), and `_entities` representations of every kind.
 *
 * Every operation stays within `maxDepth`, `maxAliases` and `maxDirectives` as graphql-armor
 * counts them; its size is for the caller to check (with the server's own token count and cost model).
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { Harvest } from "./query-generator";

export interface OperationGeneratorOptions {
  /** Selection levels as graphql-armor counts them (an inline fragment or a spread is a level). */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /**
   * Whether an `_entities` list may put a representation that @apollo/subgraph's resolver throws
   * on synchronously (a `__typename` that is no object or interface type) after one whose
   * reference is rejected (a missing, malformed or foreign id). Such a list leaves the rejected
   * promise unhandled. When false, those representations come first in their list.
   */
  entityCrashers: boolean;
  /** How much more often than usual to give values a resolver must refuse (page sizes, both `first` and `last`); default 1. */
  errorRate?: number;
}

export interface GeneratedOperation {
  /** The document (one or two operations, and fragments). */
  query: string;
  /** Variable values for the operation that runs, or undefined for none. */
  variables?: Record<string, unknown>;
  /** The operation to run, when the request names one. */
  operationName?: string;
  /** The shapes this operation uses, for coverage counts. */
  features: string[];
}

/** What a field's selection came to: its text, and what a second copy under the same key must repeat. */
interface Selected {
  text: string;
  alias?: string;
  args: string;
  composite: boolean;
  rows: number;
}

/** A second copy of a field: under the same key (its alias and arguments), or under a new alias. */
interface Forced {
  alias?: string;
  args?: string;
  rows?: number;
  freshAlias?: boolean;
  /** The chance of a directive on this copy. */
  directiveChance?: number;
}

/** A value could not be made (no harvested ID yet, no level left): the selection is left out. */
class CannotFill extends Error {}

interface Fragment {
  name: string;
  on: string;
  body: string;
  /** Levels the body takes, itself included (its spread is at one level, its fields at the next). */
  depth: number;
}

/** Response keys of one selection set (with what selects them), shared by its fragments. */
class Scope {
  readonly keys = new Map<string, { signature: string; child?: Scope }>();
}

class OperationState {
  aliases = 0;
  directives = 0;
  variableDefinitions: string[] = [];
  /** Without a prototype: a variable may be named `__proto__`. */
  variables: Record<string, unknown> = Object.create(null);
  fragments: Fragment[] = [];
  features: string[] = [];
  /** Condition variables defined so far, to use again. */
  conditions: string[] = [];
  /** The deepest level reached so far. */
  deepest = 0;
  /** Rows the selections being written are repeated for: the product of the page sizes above them. */
  rows = 1;
  /** Rows the arguments just written ask for (`first`/`last`, the length of `ids`). */
  askedRows = 1;

  constructor(
    /** Variable names are `${prefix}N`, fragment names `${prefix.toUpperCase()}FN`. */
    readonly prefix: string,
    /** Fragment definitions of the whole document (both operations). */
    readonly allFragments: Fragment[],
  ) {}

  save() {
    return {
      aliases: this.aliases,
      directives: this.directives,
      variables: this.variableDefinitions.length,
      fragments: this.fragments.length,
      allFragments: this.allFragments.length,
      features: this.features.length,
      conditions: this.conditions.length,
    };
  }

  restore(s: ReturnType<OperationState["save"]>): void {
    this.aliases = s.aliases;
    this.directives = s.directives;
    for (const definition of this.variableDefinitions.splice(s.variables))
      delete this.variables[definition.slice(1, definition.indexOf(":"))];
    this.fragments.splice(s.fragments);
    this.allFragments.splice(s.allFragments);
    this.features.splice(s.features);
    this.conditions.splice(s.conditions);
  }

  /** The next variable's name: `special` when given and not taken yet, else `${prefix}N`. */
  variableName(special?: string): string {
    if (special !== undefined && !this.variableDefinitions.some((d) => d.startsWith(`$${special}:`))) return special;
    return `${this.prefix}${this.variableDefinitions.length + 1}`;
  }
}

/**
 * Names every plain JavaScript object has as properties: a server that keeps a response key, a
 * variable or an operation name as a key of a plain object answers them wrongly (`__proto__` sets
 * the prototype; the others read as present). Aliases, variable and operation names are sometimes
 * taken from here.
 */
export const OBJECT_PROPERTY_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"] as const;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const fromBase64 = (s: string) => Buffer.from(s, "base64").toString("utf8");
const toBase64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

export class OperationGenerator {
  private readonly query: GraphQLObjectType;
  private readonly aliasesPerOperation: number;
  /** The current operation's `errorRate`. */
  private errorRate = 1;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: () => number,
    private readonly harvest: Harvest,
    private readonly options: OperationGeneratorOptions,
  ) {
    this.query = schema.getQueryType()!;
    this.aliasesPerOperation = options.maxAliases;
  }

  // ---- randomness -------------------------------------------------------------------------

  private pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new CannotFill();
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Records that the operation uses a feature, then makes the part that uses it. */
  private feature<T>(state: { features: string[] }, name: string, make: () => T): T {
    state.features.push(name);
    return make();
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** One of `choices` by weight. */
  private weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let r = this.random() * total;
    for (const [w, value] of choices) if ((r -= w) < 0) return value;
    return choices.at(-1)![1];
  }

  // ---- operations -------------------------------------------------------------------------

  /** One document, the operation to run and its variables; `errorRate` as in the options, for this operation. */
  next(errorRate = this.options.errorRate ?? 1): GeneratedOperation {
    this.errorRate = errorRate;
    const fragments: Fragment[] = [];
    const main = new OperationState("v", fragments);
    const maxLevel = this.weighted([
      [3, 3],
      [4, 4],
      [4, 5],
      [3, 6],
      [2, 7],
      [1, 8],
      [1, Math.min(10, this.options.maxDepth)],
      [0.5, this.options.maxDepth],
    ]);
    const mainSelections = this.rootSelections(main, maxLevel);
    const second = this.chance(0.12);
    const named = second || this.chance(0.6);
    const mainName = named ? this.pick(["Main", "Fuzz", "Q", "query1", ...(this.chance(0.1) ? OBJECT_PROPERTY_NAMES : [])]) : undefined;
    const operations: string[] = [];
    let otherText: string | undefined;
    if (second) {
      const other = new OperationState("w", fragments);
      const otherSelections = this.rootSelections(other, this.int(2, 4));
      otherText = this.operationText("Other", other, otherSelections);
      main.features.push("two-operations");
    }
    const mainText =
      mainName || main.variableDefinitions.length ? this.operationText(mainName, main, mainSelections) : `{ ${mainSelections} }`;
    if (!mainName && mainText.startsWith("{")) main.features.push("shorthand-query");
    operations.push(mainText);
    if (otherText) operations.splice(this.int(0, 1), 0, otherText);
    const fragmentText = fragments.map((f) => `fragment ${f.name} on ${f.on} ${f.body}`);
    // Fragments before, between or after the operations: order means nothing to GraphQL.
    const definitions = [...operations];
    for (const f of fragmentText) definitions.splice(this.int(0, definitions.length), 0, f);
    const query = definitions.join("\n");
    let operationName: string | undefined;
    if (second || (mainName && this.chance(0.5))) {
      operationName = mainName;
      main.features.push("operation-name");
    }
    const hasVariables = Object.keys(main.variables).length > 0;
    const variables = hasVariables ? main.variables : this.chance(0.3) ? {} : undefined;
    return { query, variables, operationName, features: [...new Set(main.features)] };
  }

  private operationText(name: string | undefined, state: OperationState, selections: string): string {
    const variables = state.variableDefinitions.length ? `(${state.variableDefinitions.join(", ")})` : "";
    return `query${name ? ` ${name}` : ""}${variables} { ${selections} }`;
  }

  /** The root fields, by weight: abstract answers and federation's `_entities` more often. */
  private rootSelections(state: OperationState, maxLevel: number): string {
    const fields = Object.values(this.query.getFields()).filter(
      (f) => !f.name.startsWith("_") || f.name === "_entities" || f.name === "_service",
    );
    const weightOf = (f: GraphQLField<unknown, unknown>) =>
      f.name === "_service"
        ? 0.03
        : f.name === "_entities"
          ? 3
          : isAbstractType(getNamedType(f.type))
            ? 3
            : f.args.some((a) => /^ids?$/.test(a.name))
              ? 1.5
              : 1;
    const choices = fields.map((f) => [weightOf(f), f] as const);
    const scope = new Scope();
    const parts: string[] = [];
    for (
      let i = 0,
        n = this.weighted([
          [5, 1],
          [4, 2],
          [1, 3],
        ]);
      i < n;
      i++
    ) {
      const field = this.weighted(choices);
      const selected = this.tryField(field, this.query, 1, maxLevel, state, scope);
      if (selected) parts.push(selected.text);
    }
    if (this.chance(0.1)) parts.splice(this.int(0, parts.length), 0, this.typenameSelection(state, scope));
    if (this.chance(0.02)) parts.push(this.introspection(state));
    if (parts.length === 0) parts.push("__typename");
    return parts.join(" ");
  }

  /** A small `__type` or `__schema` selection. */
  private introspection(state: OperationState): string {
    state.features.push("introspection");
    const names = Object.keys(this.schema.getTypeMap()).filter((n) => !n.startsWith("__"));
    return this.chance(0.7)
      ? `__type(name: ${JSON.stringify(this.pick(names))}) { name kind ${this.chance(0.5) ? "fields { name }" : "possibleTypes { name }"} }`
      : `__schema { queryType { name } }`;
  }

  private typenameSelection(state: OperationState, scope: Scope): string {
    if (state.aliases < this.aliasesPerOperation && this.chance(0.3)) {
      // Counted like any alias (graphql-armor lets `__typename` aliases go free by default; a server may not).
      state.aliases++;
      state.features.push("alias-typename");
      const special = this.objectPropertyName((name) => scope.keys.has(name));
      if (special === undefined) return `t${state.aliases}${state.prefix}: __typename`;
      scope.keys.set(special, { signature: "__typename:String!" });
      return `${special}: __typename`;
    }
    return "__typename";
  }

  /** Now and then, one of OBJECT_PROPERTY_NAMES that `taken` does not refuse. */
  private objectPropertyName(taken: (name: string) => boolean): string | undefined {
    if (!this.chance(0.08)) return undefined;
    const name = this.pick(OBJECT_PROPERTY_NAMES);
    return taken(name) ? undefined : name;
  }

  // ---- selections -------------------------------------------------------------------------

  private tryField(
    field: GraphQLField<unknown, unknown>,
    parent: GraphQLCompositeType,
    level: number,
    maxLevel: number,
    state: OperationState,
    scope: Scope,
    forced?: Forced,
  ): Selected | null {
    const snapshot = state.save();
    try {
      return this.field(field, parent, level, maxLevel, state, scope, forced);
    } catch (err) {
      if (!(err instanceof CannotFill)) throw err;
      state.restore(snapshot);
      return null;
    }
  }

  /** `alias: name(args) @directives { … }` at `level`; what it selects is at `level + 1`. */
  private field(
    field: GraphQLField<unknown, unknown>,
    parent: GraphQLCompositeType,
    level: number,
    maxLevel: number,
    state: OperationState,
    scope: Scope,
    forced?: Forced,
  ): Selected {
    const type = getNamedType(field.type);
    const composite = !isLeafType(type);
    if (composite && level + 1 > maxLevel) throw new CannotFill();
    state.askedRows = 1;
    const args = forced?.args ?? this.args(field, parent, state);
    const rows = forced?.args !== undefined ? (forced.rows ?? 1) : state.askedRows;
    let alias = forced?.alias;
    if (forced?.freshAlias) {
      if (state.aliases >= this.aliasesPerOperation) throw new CannotFill();
      alias = this.newAlias(state, scope);
      state.features.push("alias-same-field");
    } else if (alias === undefined && !forced && state.aliases < this.aliasesPerOperation && this.chance(0.1))
      alias = this.newAlias(state, scope);
    const signature = `${field.name}${args}:${String(field.type)}`;
    let key = alias ?? field.name;
    let existing = scope.keys.get(key);
    if (existing && existing.signature !== signature) {
      // The same response key must select the same field with the same arguments: alias it.
      if (state.aliases >= this.aliasesPerOperation) throw new CannotFill();
      alias = this.newAlias(state, scope);
      key = alias;
      existing = undefined;
    }
    if (existing) state.features.push("merged-field");
    const child = existing?.child ?? new Scope();
    if (!existing) scope.keys.set(key, { signature, child });
    const above = state.rows;
    state.rows = above * rows;
    const sub = composite ? ` ${this.selectionSet(type as GraphQLCompositeType, level + 1, maxLevel, state, child)}` : "";
    state.rows = above;
    const directives = this.directives(state, "field", forced?.directiveChance);
    return { text: `${alias ? `${alias}: ` : ""}${field.name}${args}${directives}${sub}`, alias, args, composite, rows };
  }

  private newAlias(state: OperationState, scope: Scope): string {
    state.aliases++;
    state.features.push("alias");
    const special = this.objectPropertyName((name) => scope.keys.has(name));
    if (special !== undefined) state.features.push("alias-object-property");
    return special ?? `a${state.aliases}${state.prefix}`;
  }

  /** `{ … }` of `type`, whose selections are at `level`. */
  private selectionSet(type: GraphQLCompositeType, level: number, maxLevel: number, state: OperationState, scope: Scope): string {
    state.deepest = Math.max(state.deepest, level);
    const parts = isObjectType(type)
      ? this.objectSelections(type, level, maxLevel, state, scope)
      : this.abstractSelections(type, level, maxLevel, state, scope);
    if (parts.length === 0) parts.push("__typename");
    return `{ ${parts.join(" ")} }`;
  }

  private objectSelections(type: GraphQLObjectType, level: number, maxLevel: number, state: OperationState, scope: Scope): string[] {
    const fields = Object.values(type.getFields()).filter((f) => !f.name.startsWith("_"));
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    // Deep under pages of pages, only leaves: the cost multiplies with every page size above.
    const candidates = level < maxLevel && state.rows < 100 ? fields : leaves;
    const parts: string[] = [];
    const chosen: { field: GraphQLField<unknown, unknown>; selected: Selected }[] = [];
    const n = this.weighted(
      level <= 2
        ? [
            [2, 1],
            [4, 2],
            [3, 3],
            [1, 4],
          ]
        : [
            [5, 1],
            [4, 2],
            [2, 3],
          ],
    );
    for (let i = 0; i < n && candidates.length; i++) {
      const field = this.pick(candidates);
      if (chosen.some((c) => c.field === field) && !this.chance(0.3)) continue;
      const selected = this.tryField(field, type, level, maxLevel, state, scope);
      if (selected) {
        chosen.push({ field, selected });
        parts.push(selected.text);
      }
    }
    // The same field again: merged under its key (often with a directive on one copy), or aliased with other arguments.
    const composite = chosen.filter((c) => c.selected.composite);
    if (composite.length && this.chance(0.25)) {
      const { field, selected } = this.pick(composite);
      const forced: Forced = this.chance(0.5)
        ? { alias: selected.alias, args: selected.args, rows: selected.rows, directiveChance: 0.5 }
        : { freshAlias: true };
      const again = this.tryField(field, type, level, maxLevel, state, scope, forced);
      if (again) parts.splice(this.int(0, parts.length), 0, again.text);
    }
    if (this.chance(0.2)) parts.splice(this.int(0, parts.length), 0, this.typenameSelection(state, scope));
    // With its type, an ID can be given back where an ID of that type is asked for.
    if (parts.includes("id") && !parts.includes("__typename")) parts.push("__typename");
    // Fragments in an object's selection: untyped, on the type itself, on an interface it implements, named.
    if (level < maxLevel) {
      const interfaces = type.getInterfaces();
      const extras: [number, () => string | null][] = [
        [0.06, () => this.inlineFragment(null, type, level, maxLevel, state, scope, "inline-fragment-untyped")],
        [0.04, () => this.inlineFragment(type, type, level, maxLevel, state, scope, "inline-fragment-same-type")],
        [
          interfaces.length ? 0.1 : 0,
          () => this.inlineFragment(this.pick(interfaces), type, level, maxLevel, state, scope, "inline-fragment-interface-in-object"),
        ],
        [0.1, () => this.spread(this.fragmentTypeFor(type), type, level, maxLevel, state, scope)],
      ];
      for (const [p, make] of extras) {
        if (!this.chance(p)) continue;
        const text = make();
        if (text) parts.splice(this.int(0, parts.length), 0, text);
      }
    }
    return parts;
  }

  /** A type a fragment spread inside `type` may name: the type itself, one of its interfaces, or a union holding it. */
  private fragmentTypeFor(type: GraphQLCompositeType): GraphQLCompositeType {
    const options: GraphQLCompositeType[] = [type];
    if (isObjectType(type)) {
      options.push(...type.getInterfaces());
      for (const t of Object.values(this.schema.getTypeMap())) {
        if (isUnionType(t) && !t.name.startsWith("_") && t.getTypes().includes(type)) options.push(t);
      }
    } else {
      options.push(...this.schema.getPossibleTypes(type));
      if (isInterfaceType(type)) {
        // Other interfaces whose implementations overlap this one's.
        const possible = new Set(this.schema.getPossibleTypes(type));
        for (const t of Object.values(this.schema.getTypeMap())) {
          if (isInterfaceType(t) && t !== type && !t.name.startsWith("__") && this.schema.getPossibleTypes(t).some((p) => possible.has(p)))
            options.push(t);
        }
      }
    }
    return this.pick(options);
  }

  private abstractSelections(
    type: GraphQLInterfaceType | GraphQLCompositeType,
    level: number,
    maxLevel: number,
    state: OperationState,
    scope: Scope,
  ): string[] {
    const parts: string[] = [];
    if (this.chance(0.75)) parts.push(this.typenameSelection(state, scope));
    if (isInterfaceType(type) && this.chance(0.6)) {
      const fields = Object.values(type.getFields()).filter((f) => level < maxLevel || isLeafType(getNamedType(f.type)));
      for (let i = 0, n = this.int(1, 2); i < n && fields.length; i++) {
        const selected = this.tryField(this.pick(fields), type, level, maxLevel, state, scope);
        if (selected) parts.push(selected.text);
      }
    }
    if (level < maxLevel) {
      const possible = this.schema.getPossibleTypes(type as GraphQLInterfaceType);
      const on = new Set<GraphQLCompositeType>();
      for (
        let i = 0,
          n = this.weighted([
            [1, 0],
            [4, 1],
            [3, 2],
            [1, 3],
          ]);
        i < n;
        i++
      )
        on.add(this.pick(possible));
      for (const concrete of on) {
        const text = this.inlineFragment(
          concrete,
          type,
          level,
          maxLevel,
          state,
          scope,
          isUnionType(type) ? "inline-fragment-on-union-member" : "inline-fragment-on-implementation",
        );
        if (text) parts.push(text);
      }
      if (this.chance(0.15)) {
        const other = this.fragmentTypeFor(type);
        if (other !== type && !isObjectType(other)) {
          const text = this.inlineFragment(other, type, level, maxLevel, state, scope, "inline-fragment-other-interface");
          if (text) parts.push(text);
        }
      }
      if (this.chance(0.12)) {
        const text = this.spread(this.fragmentTypeFor(type), type, level, maxLevel, state, scope);
        if (text) parts.splice(this.int(0, parts.length), 0, text);
      }
      if (this.chance(0.05)) {
        const text = this.inlineFragment(null, type, level, maxLevel, state, scope, "inline-fragment-untyped");
        if (text) parts.push(text);
      }
    }
    return parts;
  }

  /** `... on T @directives { … }` (or `... { … }` without a type) at `level`. */
  private inlineFragment(
    on: GraphQLCompositeType | null,
    parent: GraphQLCompositeType,
    level: number,
    maxLevel: number,
    state: OperationState,
    scope: Scope,
    feature: string,
  ): string | null {
    if (level + 1 > maxLevel) return null;
    const snapshot = state.save();
    try {
      state.features.push(feature);
      const directives = this.directives(state, "inline-fragment");
      const body = this.selectionSet(on ?? parent, level + 1, maxLevel, state, scope);
      return `...${on ? ` on ${on.name}` : ""}${directives} ${body}`;
    } catch (err) {
      if (!(err instanceof CannotFill)) throw err;
      state.restore(snapshot);
      return null;
    }
  }

  /** `...Name @directives` at `level`: a new fragment on `on`, or one already defined that fits. */
  private spread(
    on: GraphQLCompositeType,
    parent: GraphQLCompositeType,
    level: number,
    maxLevel: number,
    state: OperationState,
    scope: Scope,
  ): string | null {
    if (level + 1 > maxLevel) return null;
    const snapshot = state.save();
    try {
      // Not one whose body is being written: a fragment may not spread itself.
      const reusable = state.fragments.filter((f) => f.body && f.on === on.name && level + f.depth <= maxLevel);
      let fragment: Fragment;
      if (reusable.length && this.chance(0.4)) {
        fragment = this.pick(reusable);
        state.features.push("fragment-spread-again");
      } else {
        fragment = { name: `${state.prefix.toUpperCase()}F${state.allFragments.length + 1}`, on: on.name, body: "", depth: 1 };
        state.fragments.push(fragment);
        state.allFragments.push(fragment);
        const deepest = state.deepest;
        state.deepest = 0;
        fragment.body = this.selectionSet(on, level + 1, maxLevel, state, scope);
        fragment.depth = Math.max(1, state.deepest - level);
        state.deepest = Math.max(deepest, state.deepest);
      }
      state.features.push(
        isObjectType(on) ? "named-fragment-on-object" : isUnionType(on) ? "named-fragment-on-union" : "named-fragment-on-interface",
      );
      if (on !== parent) state.features.push("named-fragment-on-other-type");
      return `...${fragment.name}${this.directives(state, "fragment-spread")}`;
    } catch (err) {
      if (!(err instanceof CannotFill)) throw err;
      state.restore(snapshot);
      return null;
    }
  }

  /** `@include`/`@skip`, literal or by variable, sometimes both; usually none. */
  private directives(state: OperationState, where: string, p = where === "field" ? 0.1 : 0.25): string {
    if (state.directives + 2 > this.options.maxDirectives || !this.chance(p)) return "";
    let previous: string | undefined;
    const one = () => {
      state.directives++;
      // Each directive once per location: the second is the other one.
      const name = previous ? (previous === "include" ? "skip" : "include") : this.chance(0.5) ? "include" : "skip";
      previous = name;
      state.features.push(`${name}-on-${where}`);
      return ` @${name}(if: ${this.condition(state)})`;
    };
    return this.chance(0.1) ? one() + one() : one();
  }

  /** A directive's `if:`: a literal, or a variable (new or used again) with or without a default. */
  private condition(state: OperationState): string {
    if (this.chance(0.55)) {
      state.features.push("condition-literal");
      return String(this.chance(0.5));
    }
    state.features.push("condition-variable");
    if (state.conditions.length && this.chance(0.3)) {
      state.features.push("condition-variable-again");
      return `$${this.pick(state.conditions)}`;
    }
    const name = state.variableName(this.objectPropertyName(() => false));
    const form = this.weighted([
      [5, "given"],
      [2, "default-omitted"],
      [1, "default-given"],
      [1, "non-null-default"],
      [0.3, "default-null"],
    ] as const);
    const value = this.chance(0.5);
    switch (form) {
      case "given":
        state.variableDefinitions.push(`$${name}: Boolean!`);
        state.variables[name] = value;
        break;
      case "default-omitted":
        state.variableDefinitions.push(`$${name}: Boolean = ${value}`);
        state.features.push("variable-default-used");
        break;
      case "default-given":
        state.variableDefinitions.push(`$${name}: Boolean = ${!value}`);
        state.variables[name] = value;
        state.features.push("variable-default-overridden");
        break;
      case "non-null-default":
        state.variableDefinitions.push(`$${name}: Boolean! = ${value}`);
        if (this.chance(0.5)) state.variables[name] = !value;
        state.features.push("variable-non-null-with-default");
        break;
      case "default-null":
        // null where the directive needs a Boolean!: an error graphql-js reports where it collects the fields.
        state.variableDefinitions.push(`$${name}: Boolean = ${value}`);
        state.variables[name] = null;
        state.features.push("variable-null-into-non-null");
        break;
    }
    state.conditions.push(name);
    return `$${name}`;
  }

  // ---- arguments --------------------------------------------------------------------------

  /** `(…)`: every required argument, some optional ones; Relay paging in one of its patterns, or a wrong one. */
  private args(field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType, state: OperationState): string {
    const given: string[] = [];
    const byName = new Map(field.args.map((a) => [a.name, a]));
    const paging = ["first", "last", "after", "before"].every((n) => byName.has(n));
    if (paging) {
      // The server's default page size counts when no size is given; under other pages, ask for few.
      const crowded = state.rows >= 10;
      state.askedRows = 20;
      const pattern = this.weighted([
        [crowded ? 0 : 30, [] as string[]],
        [25, ["first"]],
        [12, ["last"]],
        [10, ["first", "after"]],
        [10, ["last", "before"]],
        [3, ["first", "before"]],
        [3, ["last", "after"]],
        [crowded ? 0 : 2, ["after"]],
        [crowded ? 0 : 2, ["before"]],
        [2 * this.errorRate, ["first", "last"]],
      ]);
      if (pattern.includes("first") || pattern.includes("last")) state.askedRows = 0;
      if (pattern.includes("first") && pattern.includes("last")) state.features.push("first-and-last");
      for (const name of pattern) {
        state.features.push(`paging-${name}`);
        given.push(this.arg(byName.get(name)!, field, parent, state));
      }
    }
    for (const arg of field.args) {
      if (paging && ["first", "last", "after", "before"].includes(arg.name)) continue;
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (!required && !this.chance(field.name === "_entities" ? 1 : 0.4)) continue;
      try {
        given.push(this.arg(arg, field, parent, state));
      } catch (err) {
        if (err instanceof CannotFill && !required) continue;
        throw err;
      }
    }
    // Argument order means nothing; shuffle it now and then.
    if (given.length > 1 && this.chance(0.3)) given.reverse();
    return given.length ? `(${given.join(", ")})` : "";
  }

  /** `name: value`, as a literal or a variable. */
  private arg(arg: GraphQLArgument, field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType, state: OperationState): string {
    if (!isNonNullType(arg.type) && field.name !== "_entities" && this.chance(0.03)) {
      state.features.push("literal-null");
      return `${arg.name}: null`;
    }
    const returns = getNamedType(field.type);
    const idOf = /^ids?$/.test(arg.name) && isObjectType(returns) ? returns.name : undefined;
    const value =
      field.name === "_entities" && arg.name === "representations"
        ? this.representations(state)
        : this.value(arg.type, arg.name, 0, state, idOf, `${parent.name}.${field.name}`);
    if (arg.name === "ids" || arg.name === "representations")
      state.askedRows = Math.max(state.askedRows, Array.isArray(value) ? value.length : 1);
    if (this.chance(field.name === "_entities" ? 0.6 : 0.3)) return `${arg.name}: ${this.variable(arg.type, value, state)}`;
    return `${arg.name}: ${this.literal(value, arg.type, state, true)}`;
  }

  /** A new variable of `type` for `value`: given, left out, null, or with a default. */
  private variable(type: GraphQLInputType, value: unknown, state: OperationState): string {
    const name = state.variableName(this.objectPropertyName(() => false));
    const nonNull = isNonNullType(type);
    const nullable = String(getNullableType(type));
    const form = this.weighted([
      [12, "given"],
      [nonNull ? 0 : 1.5, "null"],
      [nonNull ? 0 : 1.5, "omitted"],
      [2, "default-omitted"],
      [1, "default-given"],
      [nonNull ? 0.3 : 0.6, "default-null"],
    ] as const);
    state.features.push(`variable-${form}`);
    switch (form) {
      case "given":
        state.variableDefinitions.push(`$${name}: ${String(type)}`);
        state.variables[name] = value;
        break;
      case "null":
        state.variableDefinitions.push(`$${name}: ${String(type)}`);
        state.variables[name] = null;
        break;
      case "omitted":
        state.variableDefinitions.push(`$${name}: ${String(type)}`);
        break;
      case "default-omitted":
      case "default-given":
      case "default-null":
        // A nullable variable with a default may stand where a non-null value is needed.
        state.variableDefinitions.push(`$${name}: ${nullable} = ${this.literal(value, type, state, false)}`);
        if (form === "default-given") state.variables[name] = value;
        if (form === "default-null") {
          state.variables[name] = null;
          if (nonNull) state.features.push("variable-null-into-non-null");
        }
        break;
    }
    return `$${name}`;
  }

  /** `value` as a GraphQL literal of `type`; with `variables`, some list items and input fields become variables. */
  private literal(value: unknown, type: GraphQLInputType, state: OperationState, variables: boolean): string {
    if (value === null) return "null";
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return this.literal(value, nullable.ofType, state, variables); // a single item stands for a list
      return `[${value
        .map((v) =>
          variables && v !== null && this.chance(0.1)
            ? this.feature(state, "variable-in-list", () => this.variable(nullable.ofType, v, state))
            : this.literal(v, nullable.ofType, state, variables),
        )
        .join(", ")}]`;
    }
    if (isEnumType(nullable)) return String(value);
    if (isInputObjectType(nullable)) {
      const fields = nullable.getFields();
      return `{ ${Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => {
          if (variables && this.chance(0.15)) {
            state.features.push("variable-in-input-object");
            return `${k}: ${this.variable(fields[k]!.type, v, state)}`;
          }
          return `${k}: ${this.literal(v, fields[k]!.type, state, variables)}`;
        })
        .join(", ")} }`;
    }
    return jsonLiteral(value);
  }

  /** A JSON value of `type`; CannotFill when none can be made. */
  private value(
    type: GraphQLInputType,
    name: string,
    depth: number,
    state: OperationState,
    idOf = this.typeNamedBy(name),
    where = "",
  ): unknown {
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) {
      const n = this.weighted([
        [1, 0],
        [4, 1],
        [4, 2],
        [3, 3],
        [1, 5],
      ]);
      if (n === 0) state.features.push("empty-list");
      const items = Array.from({ length: n }, () => this.value(nullable.ofType, name, depth + 1, state, idOf, where));
      // The same item twice (the same ID twice: one loader key).
      if (items.length && this.chance(0.1)) {
        items.splice(this.int(0, items.length), 0, this.pick(items));
        state.features.push("repeated-list-item");
      }
      // A single value for a list, which GraphQL coerces to a list of one.
      if (items.length === 1 && this.chance(0.1)) {
        state.features.push("list-coercion");
        return items[0];
      }
      return items;
    }
    if (isEnumType(nullable)) return this.pick(nullable.getValues()).name;
    if (isInputObjectType(nullable)) {
      if (depth > 2) throw new CannotFill();
      const object: Record<string, unknown> = {};
      for (const field of Object.values(nullable.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (!required && !this.chance(0.5)) continue;
        try {
          object[field.name] = this.value(field.type, field.name, depth + 1, state);
        } catch (err) {
          if (!(err instanceof CannotFill) || required) throw err;
        }
      }
      return object;
    }
    if (isScalarType(nullable)) {
      switch (nullable.name) {
        case "Int":
          return this.intValue(name, state);
        case "Float":
          return Math.round(this.random() * 1000) / 10;
        case "Boolean":
          return this.chance(0.5);
        case "ID":
          return this.idValue(idOf, state);
        case "String":
          if (/^(after|before)$/.test(name)) return this.cursor(state);
          return this.stringValue(name, state, where);
        case "PartialDate":
          return this.partialDate();
      }
    }
    throw new CannotFill();
  }

  /** Page sizes are small (the cost stays low); now and then one a resolver must refuse. */
  private intValue(name: string, state: OperationState): number {
    if (/^(first|last)$/.test(name)) {
      const crowded = state.rows >= 10;
      const n = this.weighted([
        [20, 1],
        [25, 2],
        [18, 3],
        [crowded ? 0 : 12, 5],
        [crowded ? 0 : 6, 10],
        [crowded ? 0 : 2, 20],
        [1.5 * this.errorRate, 0],
        [1 * this.errorRate, -1],
        [(crowded ? 0.3 : 1.5) * this.errorRate, 101],
        [crowded ? 0 : 0.5, 100],
      ]);
      if (n <= 0 || n > 100) state.features.push(`page-size-out-of-range`);
      state.askedRows = Math.max(state.askedRows, Math.min(Math.max(n, 1), 100));
      return n;
    }
    return this.int(1, 10);
  }

  /** An ID of `idOf` (or any) as harvested; sometimes one of another type, malformed, or naming nothing. */
  private idValue(idOf: string | undefined, state: OperationState): string {
    const typed = idOf ? this.harvest.idsByType.get(idOf) : undefined;
    const kind = this.weighted([
      [78, "real"],
      [idOf ? 6 : 1, "foreign"],
      [5, "malformed"],
      [4, "nothing"],
      [1.5, "empty"],
      [1.5, "base64-garbage"],
    ] as const);
    if (kind === "empty") return this.feature(state, "id-empty", () => "");
    if (kind === "base64-garbage")
      return this.feature(state, "id-base64-garbage", () =>
        toBase64(this.pick(["garbage", "\u0000\u00ff", "Country", ":", "Leader:", "a:b:c"])),
      );
    const pool = typed?.size ? [...typed] : [...this.harvest.ids];
    if (pool.length === 0) throw new CannotFill();
    const real = this.pick(pool);
    switch (kind) {
      case "real":
        state.features.push("id-real");
        return real;
      case "foreign": {
        const others = [...this.harvest.idsByType].filter(([t]) => t !== idOf).flatMap(([, ids]) => [...ids]);
        if (!others.length) return real;
        state.features.push("id-foreign");
        return this.pick(others);
      }
      case "malformed":
        state.features.push("id-malformed");
        return this.malformed(real);
      case "nothing":
        state.features.push("id-naming-nothing");
        return danglingId(real, this.int(1, 999));
    }
  }

  /** Something like `id` that no server could have issued. */
  private malformed(id: string): string {
    return this.pick([
      "not-an-id",
      id.slice(0, -1),
      `${id}=`,
      id.toLowerCase(),
      ` ${id}`,
      id.replace(/=+$/, ""),
      toBase64(`${fromBase64(id)}:extra`),
      toBase64(fromBase64(id).toUpperCase()),
      toBase64(`:${fromBase64(id).split(":").slice(1).join(":")}`),
      toBase64(`${fromBase64(id).split(":")[0]}:`),
    ]);
  }

  /** A harvested cursor, or one no server issued: garbage, another offset, an ID. */
  private cursor(state: OperationState): string {
    const cursors = [...this.harvest.cursors];
    const kind = this.weighted([
      [cursors.length ? 80 : 0, "harvested"],
      [cursors.length ? 7 : 3, "shifted"],
      [4, "garbage"],
      [2, "empty"],
      [this.harvest.ids.size ? 2 : 0, "id"],
    ] as const);
    state.features.push(`cursor-${kind}`);
    switch (kind) {
      case "harvested":
        return this.pick(cursors);
      case "shifted": {
        // The same kind of cursor, at a place no page has.
        const decoded = cursors.length ? fromBase64(this.pick(cursors)) : "arrayconnection:0";
        return toBase64(decoded.replace(/\d+$/, () => String(this.pick([-1, 999, 1e21, 0.5]))));
      }
      case "garbage":
        return this.pick(["not-a-cursor", toBase64("garbage"), "YXJyYXljb25uZWN0aW9uOg==", "%%%"]);
      case "empty":
        return "";
      case "id":
        return this.pick([...this.harvest.ids]);
    }
  }

  /** A harvested string for an argument named `name` (or any), whole, in part, or recased; sometimes empty. */
  /**
   * A date as dates are harvested (`iso`), at any precision. Never one no calendar has: the
   * differential test judges validity by the introspected schema, whose scalars take anything,
   * so such a date in the query text would be refused by the server and not by its check.
   */
  private partialDate(): string {
    const isos = [...(this.harvest.strings.get("iso") ?? [])];
    const iso = isos.length ? this.pick(isos) : "2022-06";
    return this.pick([iso, iso.slice(0, 4), iso.slice(0, 7)]);
  }

  private stringValue(name: string, state: OperationState, where: string): string {
    const same = this.harvest.strings.get(name);
    const all = [...this.harvest.strings.values()].flatMap((s) => [...s]).filter((s) => s.length <= 60);
    const pool = same?.size ? [...same] : all;
    if (!pool.length) return "x";
    const s = this.pick(pool);
    if (where === "Query.search") state.features.push("search");
    return this.weighted([
      [50, () => s],
      [15, () => s.slice(0, this.int(1, Math.min(5, s.length)))],
      [8, () => s.toLowerCase()],
      [5, () => s.toUpperCase()],
      [8, () => this.pick(s.split(/\s+/))],
      [5, () => s.slice(this.int(0, Math.max(0, s.length - 3)), s.length)],
      [2, () => ""],
      [3, () => this.pick(["zzz", "ü", "  ", "%", "\"'"])],
      [2, () => ` ${s} `],
    ])();
  }

  /** The object type an argument named like `hostCountry` or `country` most likely takes the ID of (Country). */
  private typeNamedBy(name: string): string | undefined {
    const lower = name.toLowerCase();
    return Object.values(this.schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith("_") && lower.endsWith(t.name.toLowerCase()))
      .sort((a, b) => b.name.length - a.name.length)[0]?.name;
  }

  /**
   * Federation's representations: `{ __typename, id }` of entities, real or not. When
   * `entityCrashers` is off, those @apollo/subgraph throws on synchronously come first.
   */
  private representations(state: OperationState): unknown[] {
    const entity = this.schema.getType("_Entity");
    const entityTypes = entity && isUnionType(entity) ? entity.getTypes().map((t) => t.name) : [];
    const known = entityTypes.filter((t) => this.harvest.idsByType.get(t)?.size);
    if (!known.length) throw new CannotFill();
    const interfaces = Object.values(this.schema.getTypeMap())
      .filter((t) => isInterfaceType(t) && !t.name.startsWith("__"))
      .map((t) => t.name);
    const notEntities = Object.values(this.schema.getTypeMap())
      .filter((t) => !t.name.startsWith("__") && !isObjectType(t) && !isInterfaceType(t))
      .map((t) => t.name);
    const items: { value: Record<string, unknown>; throws: boolean }[] = [];
    for (
      let i = 0,
        n = this.weighted([
          [4, 1],
          [4, 2],
          [3, 3],
          [1, 5],
        ]);
      i < n;
      i++
    ) {
      const type = this.pick(known);
      const real = this.pick([...this.harvest.idsByType.get(type)!]);
      const kind = this.weighted([
        [40, "real"],
        [8, "foreign"],
        [7, "malformed"],
        [6, "nothing"],
        [5, "missing-id"],
        [2, "non-string-id"],
        [4, "unknown-typename"],
        [4, "interface"],
        [2, "root-type"],
        [2, "not-an-entity-type"],
        [2, "extra-fields"],
      ] as const);
      state.features.push(`entities-${kind}`);
      let value: Record<string, unknown>;
      switch (kind) {
        case "real":
          value = { __typename: type, id: real };
          break;
        case "foreign": {
          const others = known.filter((t) => t !== type);
          value = { __typename: type, id: others.length ? this.pick([...this.harvest.idsByType.get(this.pick(others))!]) : real };
          break;
        }
        case "malformed":
          value = { __typename: type, id: this.malformed(real) };
          break;
        case "nothing":
          value = { __typename: type, id: danglingId(real, this.int(1, 999)) };
          break;
        case "missing-id":
          value = { __typename: type };
          break;
        case "non-string-id":
          value = { __typename: type, id: this.pick([1, null, true, [real]]) };
          break;
        case "unknown-typename":
          value = { __typename: this.pick(["Nope", "country", ""]), id: real };
          break;
        case "interface":
          value = { __typename: this.pick(interfaces), id: real };
          break;
        case "root-type":
          value = { __typename: this.query.name, id: real };
          break;
        case "not-an-entity-type":
          value = { __typename: this.pick(notEntities), id: real };
          break;
        case "extra-fields":
          value = { id: real, __typename: type, name: "ignored" };
          break;
      }
      items.push({ value, throws: kind === "unknown-typename" || kind === "not-an-entity-type" });
    }
    if (!this.options.entityCrashers) items.sort((a, b) => Number(b.throws) - Number(a.throws));
    else if (items.some((i) => i.throws) && items.length > 1) state.features.push("entities-crasher-order");
    state.features.push("entities");
    return items.map((i) => i.value);
  }
}

/** graphql-relay's ID of the same type as `id` and a local id no record has. */
function danglingId(id: string, n: number): string {
  const decoded = BASE64.test(id) ? fromBase64(id) : "";
  const colon = decoded.indexOf(":");
  return colon > 0 ? toBase64(`${decoded.slice(0, colon)}:${decoded.slice(colon + 1)}-gone-${n}`) : toBase64(`Thing:gone-${n}`);
}

/** A JSON value as a GraphQL literal (for custom scalars such as `_Any`: objects and lists too). */
function jsonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(jsonLiteral).join(", ")}]`;
  if (typeof value === "object") {
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${jsonLiteral(v)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(value);
}
