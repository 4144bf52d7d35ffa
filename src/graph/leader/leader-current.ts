import { Args, FieldResolver, Resolver, Root } from "type-graphql";
import { reportsOf } from "../../facts/records";
import type { Row } from "../../facts/tables";
import { Connection, ConnectionArgs, type ConnectionShape, paginate } from "../shapes/connection";
import { type ReportRoot, reportRoots, reportType } from "../shapes/report";
import { Leader } from "./leader.type";

/** `LeaderOfficeReport`: whether a leader held their office as of the day a source reported it. */
export const { type: LeaderOfficeReport, resolver: LeaderOfficeReportResolver } = reportType(
  "LeaderOfficeReport",
  "current",
  () => Boolean,
  "Whether the person held the office",
);

// Made before the schema is built: Type-GraphQL reads only the types made by then.
const LeaderOfficeReportConnection = Connection(LeaderOfficeReport);

const DESCRIPTION =
  "Every source's report of whether the person holds the office, each as of the day it was published, oldest first: `current` answers the latest (`last: 1`).";

/** `Leader.currentReports`: the history of a leader's time in office, one report per source that gives it. */
@Resolver(() => Leader)
export class LeaderCurrentResolver {
  @FieldResolver(() => LeaderOfficeReportConnection, { description: DESCRIPTION })
  currentReports(@Root() leader: Row<"leaders">, @Args(() => ConnectionArgs) args: ConnectionArgs): ConnectionShape<ReportRoot> {
    return paginate(reportRoots(reportsOf(leader, "current"), "current"), args);
  }
}
