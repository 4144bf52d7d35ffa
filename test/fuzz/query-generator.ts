/**
 * Random valid GraphQL operations for any schema, from a seeded generator so a
 * failing run can be replayed. It knows GraphQL, not newsfacts: fields,
 * arguments, input objects, enums, lists, interfaces and unions come from the
 * schema (the live one, by introspection); values it cannot invent (IDs,
 * cursors, strings that mean something) come from earlier responses.
 *
 * Shapes it exercises: nested selections, aliases, @include/@skip, inline
 * fragments on interfaces and unions, named fragments, and arguments given as
 * literals or as variables. Relay's convention is honoured: never `first`
 * together with `last`.
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values seen in responses, to give back as arguments. */
export class Harvest {
  readonly ids = new Set<string>();
  /** IDs by the `__typename` of the object they came with. */
  readonly idsByType = new Map<string, Set<string>>();
  readonly cursors = new Set<string>();
  readonly strings = new Map<string, Set<string>>();

  /** Takes every `id`, cursor and string out of a response's data. */
  add(value: unknown, key = ""): void {
    if (Array.isArray(value)) for (const item of value) this.add(item, key);
    else if (value && typeof value === "object") {
      const { __typename, id } = value as Record<string, unknown>;
      if (typeof __typename === "string" && typeof id === "string") {
        const seen = this.idsByType.get(__typename) ?? new Set<string>();
        this.idsByType.set(__typename, seen.add(id));
      }
      for (const [k, v] of Object.entries(value)) this.add(v, k);
    } else if (typeof value === "string" && value.length <= 200) {
      if (key === "id") this.ids.add(value);
      else if (/cursor$/i.test(key)) this.cursors.add(value);
      else {
        const seen = this.strings.get(key) ?? new Set<string>();
        if (seen.size < 50) seen.add(value);
        this.strings.set(key, seen);
      }
    }
  }
}

export interface GeneratorLimits {
  /** Selection levels, counted as graphql-armor counts them (fragments and inline fragments are levels). */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
}

export interface Generated {
  query: string;
  variables: Record<string, unknown>;
  /** Root fields the operation selects. */
  rootFields: string[];
}

/** A value could not be made for a required argument: the field is left out. */
class CannotFill extends Error {}

export class QueryGenerator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: () => number,
    private readonly harvest: Harvest,
    private readonly limits: GeneratorLimits,
  ) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** One operation, with its variables. */
  next(): Generated {
    const state = new OperationState();
    const query = this.schema.getQueryType()!;
    const roots = visibleFields(query);
    const rootFields: string[] = [];
    const selections: string[] = [];
    const depth = this.int(2, this.limits.maxDepth);
    for (let i = 0, n = this.int(1, 2); i < n; i++) {
      const field = this.pick(roots);
      if (rootFields.includes(field.name)) continue;
      const selection = this.tryField(field, depth - 1, state);
      if (selection) {
        selections.push(selection);
        rootFields.push(field.name);
      }
    }
    if (selections.length === 0) selections.push("__typename");
    const variables = state.variableDefinitions.length ? `(${state.variableDefinitions.join(", ")})` : "";
    const fragments = state.fragments.map((f) => `\nfragment ${f.name} on ${f.on} ${f.body}`).join("");
    return { query: `query Fuzz${variables} { ${selections.join(" ")} }${fragments}`, variables: state.variables, rootFields };
  }

  private tryField(field: GraphQLField<unknown, unknown>, depthLeft: number, state: OperationState): string | null {
    const snapshot = state.save();
    try {
      return this.field(field, depthLeft, state);
    } catch (err) {
      if (!(err instanceof CannotFill)) throw err;
      state.restore(snapshot);
      return null;
    }
  }

  /** `alias: name(args) @directive { … }`, with `depthLeft` levels for what it selects. */
  private field(field: GraphQLField<unknown, unknown>, depthLeft: number, state: OperationState): string {
    const type = getNamedType(field.type);
    const args = this.args(field.args, state, type);
    let sub = "";
    if (!isLeafType(type)) {
      if (depthLeft < 1) throw new CannotFill();
      sub = ` ${this.selectionSet(type, depthLeft, state)}`;
    }
    const alias = state.aliases < this.limits.maxAliases && this.chance(0.1) ? `a${++state.aliases}: ` : "";
    let directive = "";
    if (state.directives < this.limits.maxDirectives && this.chance(0.08)) {
      state.directives++;
      directive = this.pick([" @include(if: true)", " @skip(if: false)", " @skip(if: true)", " @include(if: false)"]);
    }
    return `${alias}${field.name}${args}${directive}${sub}`;
  }

  private selectionSet(type: GraphQLNamedType, depthLeft: number, state: OperationState): string {
    if (isAbstractType(type)) {
      // Inline fragments are a level of their own.
      const parts = ["__typename"];
      if (depthLeft >= 2) {
        const possible = this.schema.getPossibleTypes(type);
        for (const concrete of new Set([this.pick(possible), this.pick(possible)])) {
          parts.push(`... on ${concrete.name} ${this.objectSelection(concrete, depthLeft - 1, state)}`);
        }
      }
      return `{ ${parts.join(" ")} }`;
    }
    if (isObjectType(type) && depthLeft >= 2 && this.chance(0.1)) {
      // A named fragment: the spread is a level of its own.
      const name = `F${state.fragments.length + 1}`;
      state.fragments.push({ name, on: type.name, body: "" });
      const fragment = state.fragments.at(-1)!;
      fragment.body = this.objectSelection(type, depthLeft - 1, state);
      return `{ ...${name} }`;
    }
    return this.objectSelection(type as GraphQLObjectType, depthLeft, state);
  }

  private objectSelection(type: GraphQLObjectType, depthLeft: number, state: OperationState): string {
    const fields = visibleFields(type);
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const candidates = depthLeft > 1 ? fields : leaves;
    const chosen: string[] = [];
    const used = new Set<string>();
    for (let i = 0, n = this.int(1, 4); i < n && candidates.length; i++) {
      const field = this.pick(candidates);
      if (used.has(field.name)) continue;
      used.add(field.name);
      const selection = this.tryField(field, depthLeft - 1, state);
      if (selection) chosen.push(selection);
    }
    if (chosen.length === 0) chosen.push(leaves.length ? this.pick(leaves).name : "__typename");
    // With its type, an ID can be given back where an ID of that type is asked for.
    if (chosen.includes("id")) chosen.push("__typename");
    return `{ ${chosen.join(" ")} }`;
  }

  /** Arguments: every required one, some optional ones, as literals or variables. */
  private args(args: readonly GraphQLArgument[], state: OperationState, returns: GraphQLNamedType): string {
    const given: string[] = [];
    const names = new Set<string>();
    for (const arg of args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (!required && !this.chance(0.35)) continue;
      // Relay: first or last, never both.
      if ((arg.name === "last" && names.has("first")) || (arg.name === "first" && names.has("last"))) continue;
      let value: unknown;
      try {
        value = this.value(arg.type, arg.name, 0, /^ids?$/.test(arg.name) && isObjectType(returns) ? returns.name : undefined);
      } catch (err) {
        if (err instanceof CannotFill && !required) continue;
        throw err;
      }
      names.add(arg.name);
      if (this.chance(0.3)) {
        const variable = `v${state.variableDefinitions.length + 1}`;
        state.variableDefinitions.push(`$${variable}: ${String(arg.type)}`);
        state.variables[variable] = value;
        given.push(`${arg.name}: $${variable}`);
      } else {
        given.push(`${arg.name}: ${literal(value, arg.type)}`);
      }
    }
    return given.length ? `(${given.join(", ")})` : "";
  }

  /** The object type an argument named like `hostCountry` or `country` most likely takes the ID of (Country). */
  private typeNamedBy(name: string): string | undefined {
    const lower = name.toLowerCase();
    return Object.values(this.schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith("_") && lower.endsWith(t.name.toLowerCase()))
      .sort((a, b) => b.name.length - a.name.length)[0]?.name;
  }

  /** A JSON value of `type`; CannotFill when none can be made. IDs are of the type `idOf` when some are known. */
  private value(type: GraphQLInputType, name: string, depth: number, idOf = this.typeNamedBy(name)): unknown {
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) return Array.from({ length: this.int(1, 3) }, () => this.value(nullable.ofType, name, depth + 1, idOf));
    if (isEnumType(nullable)) return this.pick(nullable.getValues()).name;
    if (isInputObjectType(nullable)) {
      if (depth > 2) throw new CannotFill();
      const object: Record<string, unknown> = {};
      for (const field of Object.values(nullable.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (!required && !this.chance(0.5)) continue;
        try {
          object[field.name] = this.value(field.type, field.name, depth + 1);
        } catch (err) {
          if (!(err instanceof CannotFill) || required) throw err;
        }
      }
      return object;
    }
    if (isScalarType(nullable)) {
      switch (nullable.name) {
        case "Int":
          return this.int(1, 10);
        case "Float":
          return Math.round(this.random() * 1000) / 10;
        case "Boolean":
          return this.chance(0.5);
        case "ID": {
          const typed = idOf ? this.harvest.idsByType.get(idOf) : undefined;
          const ids = typed?.size ? typed : this.harvest.ids;
          if (ids.size === 0) throw new CannotFill();
          return this.pick([...ids]);
        }
        case "String": {
          if (/^(after|before)$/.test(name)) {
            if (this.harvest.cursors.size === 0) throw new CannotFill();
            return this.pick([...this.harvest.cursors]);
          }
          const same = this.harvest.strings.get(name);
          if (same?.size) return this.pick([...same]);
          const all = [...this.harvest.strings.values()].flatMap((s) => [...s]);
          return all.length ? this.pick(all) : "x";
        }
      }
    }
    throw new CannotFill();
  }
}

/** The fields a client may select: not federation's or introspection's. */
function visibleFields(type: GraphQLObjectType) {
  return Object.values(type.getFields()).filter((f) => !f.name.startsWith("_"));
}

/** `value` written as a GraphQL literal of `type`. */
function literal(value: unknown, type: GraphQLInputType): string {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return `[${(value as unknown[]).map((v) => literal(v, nullable.ofType)).join(", ")}]`;
  if (isEnumType(nullable)) return String(value);
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v, fields[k]!.type)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(value);
}

class OperationState {
  aliases = 0;
  directives = 0;
  variableDefinitions: string[] = [];
  variables: Record<string, unknown> = {};
  fragments: { name: string; on: string; body: string }[] = [];

  save() {
    return {
      aliases: this.aliases,
      directives: this.directives,
      variables: this.variableDefinitions.length,
      fragments: this.fragments.length,
    };
  }

  restore(s: ReturnType<OperationState["save"]>): void {
    this.aliases = s.aliases;
    this.directives = s.directives;
    for (const definition of this.variableDefinitions.splice(s.variables))
      delete this.variables[definition.slice(1, definition.indexOf(":"))];
    this.fragments.splice(s.fragments);
  }
}
