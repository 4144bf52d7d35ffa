import { reportHistory, reportType } from "../shapes/report";
import { Leader } from "./leader.type";

/** `Leader.currentReports` of `LeaderOfficeReport`s: whether a leader held their office as of each source's day. */
export const LEADER_CURRENT_RESOLVERS = reportHistory(
  Leader,
  reportType("LeaderOfficeReport", "current", () => Boolean, "Whether the person held the office"),
  "current",
  "Every source's report of whether the person holds the office, each as of the day it was published, oldest first: `current` answers the latest (`last: 1`).",
);
