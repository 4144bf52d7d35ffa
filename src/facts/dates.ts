/**
 * Dates as the source states them: only as precise as the words allow.
 * "2023-06-12" is a day, "2022-06" a month, "2007" a year; nothing is padded
 * with a made-up day or month.
 */
export type DatePrecision = "DAY" | "MONTH" | "YEAR";

const ISO_PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface DateParts {
  year: number;
  month: number | null;
  day: number | null;
  precision: DatePrecision;
}

/** Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD"; null when it is not a real calendar date. */
export function parsePartialDate(iso: string): DateParts | null {
  const match = ISO_PARTIAL.exec(iso);
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null) {
    // Date.UTC rolls "2023-02-30" over into March; a real date survives the round trip.
    const date = new Date(Date.UTC(year, month! - 1, day));
    if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) return null;
  }
  const precision: DatePrecision = day !== null ? "DAY" : month !== null ? "MONTH" : "YEAR";
  return { year, month, day, precision };
}

/**
 * The first and last day a partial date can stand for, as "YYYY-MM-DD"
 * strings, so that dates of different precision can be compared and filtered.
 */
export function dateBounds(iso: string): { start: string; end: string } {
  const parts = parsePartialDate(iso);
  if (!parts) throw new RangeError(`not a date: ${iso}`);
  const pad = (n: number) => String(n).padStart(2, "0");
  const { year, month, day } = parts;
  if (day !== null) return { start: iso, end: iso };
  if (month !== null) {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return { start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(last)}` };
  }
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/**
 * The span of days a qualified date can stand for: "NOT_BEFORE 2023-06-12"
 * is open-ended after, "NOT_AFTER" before; an APPROXIMATE date stands for its
 * own span (its precision already says how vague it is). Bounds are
 * "YYYY-MM-DD" strings, so they compare as text.
 */
export function dateInterval(
  iso: string,
  qualifier: "EXACT" | "NOT_BEFORE" | "NOT_AFTER" | "APPROXIMATE" = "EXACT",
): { start: string; end: string } {
  const { start, end } = dateBounds(iso);
  if (qualifier === "NOT_BEFORE") return { start, end: "9999-12-31" };
  if (qualifier === "NOT_AFTER") return { start: "0000-01-01", end };
  return { start, end };
}
