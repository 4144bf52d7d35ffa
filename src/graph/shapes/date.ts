/** When a fact happened, and for how long, only as precisely as the source says. */
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import type { z } from "zod";
import { parsePartialDate } from "../../facts/dates";
import {
  DateBasis as DateBasisValues,
  DateQualifier as DateQualifierValues,
  DurationUnit as DurationUnitValues,
} from "../../facts/records";
import type { Duration as DurationRecord, FactDate as FactDateRow } from "../../facts/records";

type DurationRow = z.infer<typeof DurationRecord>;

export const DatePrecision = { DAY: "DAY", MONTH: "MONTH", YEAR: "YEAR" } as const;
registerEnumType(DatePrecision, {
  name: "DatePrecision",
  description: "How precisely the source states a date.",
  valuesConfig: {
    DAY: { description: 'A calendar day, e.g. "on Monday" resolved against the dateline.' },
    MONTH: { description: 'A month of a year, e.g. "In February" resolved against the dateline.' },
    YEAR: { description: 'A year, e.g. "last year" resolved against the dateline.' },
  },
});

export const DateQualifier = DateQualifierValues.enum;
registerEnumType(DateQualifier, {
  name: "DateQualifier",
  description: "How the date relates to when the fact holds.",
  valuesConfig: {
    EXACT: { description: "The fact falls within the date (at its precision)." },
    NOT_BEFORE: {
      description: 'The fact falls on or after the date, e.g. "has since accused" or a planned stop of a tour that starts on it.',
    },
    NOT_AFTER: { description: "The fact falls on or before the date." },
    APPROXIMATE: { description: 'The fact falls around the date: the source\'s words are vague ("over the last two years").' },
  },
});

export const DateBasis = DateBasisValues.enum;
registerEnumType(DateBasis, {
  name: "DateBasis",
  description: "Where a date comes from: the source's own words, or a resolution of them.",
  valuesConfig: {
    STATED: {
      description:
        'The source writes the date out at its precision: the year, and the month by name and the day where given ("in June 2022").',
    },
    DATELINE: {
      description: 'Resolved from a relative expression ("last year", "on Monday", "In February") against the source\'s publication date.',
    },
    CONTEXT: { description: 'Resolved from another date the same source states ("has since" after "In 2020").' },
    PUBLICATION: { description: "The source's own publication date, from its record rather than its text." },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: "A date as precise as the source states it, never more: a day, a month or a year, resolved against the source's dateline.",
})
export class FactDate {
  @Field(() => String, { description: 'ISO 8601 at the stated precision: "2023-06-12", "2022-06" or "2007".' })
  iso!: string;

  @Field(() => Int, { description: "The year." })
  year!: number;

  @Field(() => Int, { nullable: true, description: "The month, 1 to 12; null when the source gives only a year." })
  month!: number | null;

  @Field(() => Int, { nullable: true, description: "The day of the month; null when the source gives no day." })
  day!: number | null;

  @Field(() => DatePrecision, { description: "Whether this is a day, a month or a year." })
  precision!: keyof typeof DatePrecision;

  @Field(() => DateQualifier, { description: "Whether the fact falls within this date, on or after it, or on or before it." })
  qualifier!: keyof typeof DateQualifier;

  @Field(() => String, {
    nullable: true,
    description:
      'The source\'s own words for the date, e.g. "on Monday", "last year", "In February"; null when the date is implied rather than written.',
  })
  asWritten!: string | null;

  @Field(() => DateBasis, { description: "Whether the source states the date itself or it was resolved, and against what." })
  basis!: keyof typeof DateBasis;
}

export const DurationUnit = DurationUnitValues.enum;
registerEnumType(DurationUnit, {
  name: "DurationUnit",
  description: "The unit of a duration.",
  valuesConfig: {
    MINUTE: { description: "Minutes." },
    HOUR: { description: 'Hours, e.g. talks held "for three hours".' },
    DAY: { description: "Days." },
    WEEK: { description: "Weeks." },
    MONTH: { description: 'Months, e.g. a "six-month" license.' },
    YEAR: { description: 'Years, e.g. a "20-year" pact.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: 'A length of time as the source states it, e.g. "six-month", "20-year" or "for three hours".',
})
export class Duration {
  @Field(() => Float, { description: "How many units, e.g. 20." })
  amount!: number;

  @Field(() => DurationUnit, { description: "The unit, e.g. YEAR." })
  unit!: keyof typeof DurationUnit;

  @Field(() => String, { description: 'The source\'s words, e.g. "20-year".' })
  asWritten!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A span of time, e.g. "Over the last two years", with its ends as precise as the source allows.',
})
export class FactPeriod {
  @Field(() => FactDate, { nullable: true, description: "When the span starts; null when the source does not say." })
  start!: FactDateRow | null;

  @Field(() => FactDate, { nullable: true, description: "When the span ends; null when the source does not say." })
  end!: FactDateRow | null;

  @Field(() => Duration, { nullable: true, description: "The span's length, where the source states one." })
  duration!: DurationRow | null;

  @Field(() => String, { nullable: true, description: 'The source\'s words for the span, e.g. "Over the last two years".' })
  asWritten!: string | null;
}

const PARTIAL_DATE_FORM = '"YYYY", "YYYY-MM" or "YYYY-MM-DD"';

function partialDate(value: unknown): string {
  if (typeof value !== "string" || !parsePartialDate(value))
    throw new GraphQLError(
      `PartialDate must be a date as ${PARTIAL_DATE_FORM}, got ${typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value}.`,
    );
  return value;
}

/** A date as precise as its writer knows it, as `FactDate.iso` holds one: an argument type, so a bad date is refused before anything runs. */
export const PartialDate = new GraphQLScalarType({
  name: "PartialDate",
  description: `A calendar date as precise as known: ${PARTIAL_DATE_FORM}, as \`FactDate.iso\` gives one.`,
  serialize: partialDate,
  parseValue: partialDate,
  parseLiteral: (node) => partialDate(node.kind === Kind.STRING ? node.value : undefined),
});
