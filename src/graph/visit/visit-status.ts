import { reportHistory, reportType } from "../shapes/report";
import { Visit, VisitStatus } from "./visit.type";

/** `Visit.statusReports` of `VisitStatusReport`s: where a visit stood as of each source's day. */
export const VISIT_STATUS_RESOLVERS = reportHistory(
  Visit,
  reportType("VisitStatusReport", "status", () => VisitStatus, "Where the visit stood: completed, under way or planned"),
  "status",
  "Every source's report of where the visit stands, each as of the day it was published, oldest first: `status` answers the latest (`last: 1`).",
);
