import { Args, FieldResolver, Resolver, Root } from "type-graphql";
import { reportsOf } from "../../facts/records";
import type { Row } from "../../facts/tables";
import { Connection, ConnectionArgs, type ConnectionShape, paginate } from "../shapes/connection";
import { type ReportRoot, reportRoots, reportType } from "../shapes/report";
import { Visit, VisitStatus } from "./visit.type";

/** `VisitStatusReport`: where a visit stood as of the day a source reported it. */
export const { type: VisitStatusReport, resolver: VisitStatusReportResolver } = reportType(
  "VisitStatusReport",
  "status",
  () => VisitStatus,
  "Where the visit stood: completed, under way or planned",
);

// Made before the schema is built: Type-GraphQL reads only the types made by then.
const VisitStatusReportConnection = Connection(VisitStatusReport);

const DESCRIPTION =
  "Every source's report of where the visit stands, each as of the day it was published, oldest first: `status` answers the latest (`last: 1`).";

/** `Visit.statusReports`: the history of a visit's status, one report per source that gives it. */
@Resolver(() => Visit)
export class VisitStatusResolver {
  @FieldResolver(() => VisitStatusReportConnection, { description: DESCRIPTION })
  statusReports(@Root() visit: Row<"visits">, @Args(() => ConnectionArgs) args: ConnectionArgs): ConnectionShape<ReportRoot> {
    return paginate(reportRoots(reportsOf(visit, "status"), "status"), args);
  }
}
