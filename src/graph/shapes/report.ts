/**
 * A value that changes over time, as one source reported it, as of the day it was published
 * (facts/records.ts `Report`). `reportType` makes one object type per such field, so each
 * field's history reads the same way: its value, the day, the source, its citations and assertion.
 */
import { Args, Ctx, Field, FieldResolver, ObjectType, Resolver, Root, type ClassType } from "type-graphql";
import type { Context } from "../../context";
import {
  type Assertion as AssertionRow,
  type Citation as CitationRow,
  type FactDate as FactDateRow,
  type Report,
  reportsOf,
} from "../../facts/records";
import type { SourceRow } from "../../facts/tables";
import { Assertion } from "./assertion";
import { Citation } from "./citation";
import { Connection, ConnectionArgs, type ConnectionShape, paginate } from "./connection";
import { FactDate } from "./date";
import { Source } from "../source/source.type";

const SOURCE = "The source that reported it.";

/** The GraphQL root of a report: the stored report with its value under the field's name. */
export type ReportRoot = Report & Record<string, unknown>;

/** A field's reports as roots of its report type, oldest first. */
export function reportRoots(reports: readonly Report[], field: string): ReportRoot[] {
  return reports.map((report) => ({ ...report, [field]: report.value }));
}

/**
 * The object type `name` of one source's report of `field`, and the resolver of its `source`.
 * `valueType` is the field's own GraphQL type; `what` describes the value ("Where the visit stood").
 */
export function reportType(name: string, field: string, valueType: () => unknown, what: string): { type: ClassType; resolver: ClassType } {
  @ObjectType(name, {
    simpleResolvers: true,
    description: `${what}, as one source reported it on the day it was published. A later report about a later day does not contradict it: each is right as of its own day.`,
  })
  class ReportType {
    @Field(() => FactDate, { description: "The day the source reported it: the source's date of publication." })
    reportedOn!: FactDateRow;

    @Field(() => Source, { description: SOURCE })
    source!: SourceRow;

    @Field(() => [Citation], { description: "The sentences of the source that report it, each with the verbatim quote." })
    citations!: CitationRow[];

    @Field(() => Assertion, { description: "Who asserts it (the source in its own voice, or a party it reports) and its modality." })
    assertion!: AssertionRow;
  }
  Field(valueType as () => ClassType, { description: `${what}, as of \`reportedOn\`.` })(ReportType.prototype, field);

  @Resolver(() => ReportType)
  class ReportResolver {
    @FieldResolver(() => Source, { description: SOURCE })
    source(@Root() report: Report, @Ctx() { loaders }: Context): Promise<SourceRow> {
      return loaders.byId("sources").load(report.source);
    }
  }
  return { type: ReportType, resolver: ReportResolver };
}

/**
 * `<field>Reports` on `owner`: the history of a field that changes over time, one report per
 * source that gives it, oldest first, as a connection of `reportType`'s type. Returns the
 * resolvers the owner's entity lists.
 */
export function reportHistory(
  owner: ClassType,
  report: { type: ClassType; resolver: ClassType },
  field: string,
  description: string,
): ClassType[] {
  // Made before the schema is built: Type-GraphQL reads only the types made by then.
  const ReportConnection = Connection(report.type);

  @Resolver(() => owner)
  class HistoryResolver {
    @FieldResolver(() => ReportConnection, { name: `${field}Reports`, description })
    reports(@Root() row: object, @Args(() => ConnectionArgs) args: ConnectionArgs): ConnectionShape<ReportRoot> {
      return paginate(reportRoots(reportsOf(row, field), field), args);
    }
  }
  return [HistoryResolver, report.resolver];
}
