import { reportHistory, reportType } from "../shapes/report";
import { Sanction, SanctionState } from "./sanction.type";

/** `Sanction.stateReports` of `SanctionStateReport`s: whether the sanctions were in force as of each source's day. */
export const SANCTION_STATE_RESOLVERS = reportHistory(
  Sanction,
  reportType("SanctionStateReport", "state", () => SanctionState, "Whether the sanctions were in force, eased or lifted"),
  "state",
  "Every source's report of whether the sanctions are in force, each as of the day it was published, oldest first: `state` answers the latest (`last: 1`). Empty when no source says.",
);
