/**
 * The one way a list of dated records is ordered. An entity declares the dates
 * it can be ordered by (`orderBy({ DATE: … })`); every connection of it then
 * takes the same `orderBy: <Type>Order` argument with the same default (the
 * first field, ascending): its root list and every relation field, both ways.
 */
import { Field, InputType, registerEnumType, type ClassType } from "type-graphql";
import { dateOrderOf, type DateKey } from "../../facts/order";
import type { FactStore } from "../../facts/store";

export const OrderDirection = { ASC: "ASC", DESC: "DESC" } as const;
export type OrderDirection = keyof typeof OrderDirection;
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "The direction of an ordering.",
  valuesConfig: { ASC: { description: "Ascending: earliest first." }, DESC: { description: "Descending: latest first." } },
});

export interface OrderFieldDeclaration<R = never> {
  /** Of the enum value: what the records are ordered by. */
  description: string;
  key: DateKey<R>;
}

export interface OrderDeclaration {
  fields: Readonly<Record<string, OrderFieldDeclaration>>;
}

/** The dates an entity's records can be ordered by; the first is the default, ascending. */
export function orderBy<R>(fields: Readonly<Record<string, OrderFieldDeclaration<R>>>): OrderDeclaration {
  return { fields: fields as OrderDeclaration["fields"] };
}

export interface OrderValue {
  field: string;
  direction: OrderDirection;
}

/** An entity's ordering as the schema shows it: the `<Type>Order` input and the argument's texts. */
export interface Ordering {
  table: string;
  declaration: OrderDeclaration;
  input: ClassType;
  defaultField: string;
  /** Of the `orderBy` argument. */
  argumentDescription: string;
  /** Appended to the description of every connection field of the entity. */
  listSentence: string;
}

const orderings = new Map<string, Ordering>();

/**
 * `<Type>OrderField` and `<Type>Order`, made once per type when its entity is first defined (before the
 * schema is built): an entity defined again from the same declaration gets the same ones.
 */
export function makeOrdering(typename: string, table: string, declaration: OrderDeclaration): Ordering {
  const made = orderings.get(typename);
  if (made?.declaration === declaration) return made;
  if (made) throw new Error(`${typename} is given two orderings: declare one.`);
  const ordering = newOrdering(typename, table, declaration);
  orderings.set(typename, ordering);
  return ordering;
}

function newOrdering(typename: string, table: string, declaration: OrderDeclaration): Ordering {
  const fieldEnum = Object.fromEntries(Object.keys(declaration.fields).map((name) => [name, name]));
  const defaultField = Object.keys(declaration.fields)[0]!;
  registerEnumType(fieldEnum, {
    name: `${typename}OrderField`,
    description: `Properties by which ${typename} connections can be ordered.`,
    valuesConfig: Object.fromEntries(Object.entries(declaration.fields).map(([name, field]) => [name, { description: field.description }])),
  });

  @InputType(`${typename}Order`, { description: `Ordering options for ${typename} connections.` })
  class OrderInput {
    @Field(() => fieldEnum, { description: `The field to order ${typename} items by.` })
    field!: string;

    // A client that names only the field means the usual order; GitHub's API asks for both, and first queries trip on it.
    @Field(() => OrderDirection, { defaultValue: "ASC", description: "The ordering direction; ascending (earliest first) when omitted." })
    direction!: OrderDirection;
  }

  const label = defaultField.toLowerCase();
  return {
    table,
    declaration,
    input: OrderInput,
    defaultField,
    argumentDescription: `How to order the items; by ${label} ascending (earliest first) when omitted. Ties keep fixture order, and items without a ${label} come last in either direction.`,
    listSentence: `Ordered by ${label}, earliest first, unless \`orderBy\` says otherwise.`,
  };
}

/** `rows` (the whole table, or any subset of it) in the order asked for, or the default one. */
export function ordered<R extends object>(
  store: FactStore,
  ordering: Ordering,
  rows: readonly R[],
  value: OrderValue | null | undefined,
): readonly R[] {
  const field = value?.field ?? ordering.defaultField;
  const direction = value?.direction ?? "ASC";
  const order = dateOrderOf(store, ordering.table, field, ordering.declaration.fields[field]!.key as DateKey<R>);
  return rows === (store.table(ordering.table as never).rows as unknown) ? order.all(direction) : order.of(rows, direction);
}
