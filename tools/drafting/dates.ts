/**
 * The dates of a source's sentences, resolved against the source's own date for the analyst to
 * confirm. compromise finds the words that name a time and the tense of their sentence; a small
 * rule table here resolves them, because compromise-dates reads an unyeared day or month forward
 * ("In February" in a June article is next February), and news mostly reports what is past.
 * Wrong is worse than missing: words no rule resolves are listed as unresolved, with the reason.
 */
import nlp from "compromise";
import datesPlugin, { type DatesMethods } from "compromise-dates";
import { type DatePrecision, parsePartialDate } from "../../src/facts/dates";
import { writtenInFull } from "../../src/facts/records";
import { endsInAbbreviation } from "../../src/facts/sentences";

nlp.plugin(datesPlugin);

/** A date the words give, resolved: where it stands, the words, and how precise it is. */
export interface DraftDate {
  /** 1-based, as citations count. */
  sentence: number;
  asWritten: string;
  iso: string;
  precision: DatePrecision;
  /**
   * STATED when the words give every part of `iso` themselves, DATELINE when resolved against the
   * source's date, CONTEXT when they name the day of a date in the same or the sentence before.
   */
  basis: "STATED" | "DATELINE" | "CONTEXT";
}

/** Words that name a time no rule resolves (or not safely), for the analyst to read. */
export interface UnresolvedDate {
  sentence: number;
  asWritten: string;
  reason: string;
}

/** Whether a sentence tells of what is past, what is to come, or does not say. */
export type Direction = "PAST" | "FUTURE" | null;

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_ABBREVIATIONS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12 };
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** The words of the same day as the source's date, whatever the tense. */
const SAME_DAY = /^(?:today|tonight|this (?:morning|afternoon|evening)|(?:later|earlier) today)$/;
/** The words of the same day as the events around them, which a report of the next day does not date by its own. */
const CONTEXT_DAY = /^(?:(?:later|earlier) (?:in the day|that day)|the same day)$/;
/** The day after or before the events around them: "the next day", "a day earlier". */
const CONTEXT_SHIFT = /^(?:on )?(?:(?:the )?(?:(next|following)|(previous)) day|a day (?:(later|after)|(earlier|before))|the day (?:(after)|(before)))$/;
/** Phrases compromise does not find whole, looked for in the sentence directly. */
const OWN_PHRASES =
  /\b(?:later|earlier) in the day\b|\b(?:later|earlier) today\b|\b(?:(?:on )?the )?(?:next|following|previous) day\b|\ba day (?:later|after|earlier|before)\b|\bthe day (?:after|before)\b/gi;
/** A time of day beside the date ("at 9 a.m. on Tuesday"): the claim's time, not its date. */
const TIME_OF_DAY = /(?:^|\s)(?:(?:at|around|about|by|from|until)\s+)?(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|noon|midnight)(?=\s|$)/i;
const FUTURE_WORDS = /\b(?:will|would|shall|due to|expected to|scheduled|set to|plans? to|planned|going to|is to|are to)\b/i;

const monthOf = (word: string): number | undefined => {
  const w = word.toLowerCase().replace(/\.$/, "");
  const full = MONTHS.indexOf(w);
  return full >= 0 ? full + 1 : MONTH_ABBREVIATIONS[w];
};

const pad = (n: number) => String(n).padStart(2, "0");
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (day: Date, n: number) => new Date(day.getTime() + n * 86_400_000);

/** A verb phrase as compromise describes it. */
interface Verb {
  text: string;
  verb?: { grammar?: { tense?: string; isInfinitive?: boolean } };
}

/** The tense of a sentence as compromise reads its verbs: past only when every verb is past and none looks ahead. */
export function directionOf(sentence: string): Direction {
  // Infinitives ("to meet") and participles ("according to", "signing") carry no tense of their own.
  const tenses = nlp(sentence)
    .verbs()
    .json()
    .filter((v: Verb) => !v.verb?.grammar?.isInfinitive && !/ing$/.test(v.text))
    .map((v: Verb) => v.verb?.grammar?.tense);
  const ahead = FUTURE_WORDS.test(sentence) || tenses.includes("FutureTense");
  if (tenses.length > 0 && tenses.every((t: string | undefined) => t === "PastTense") && !ahead) return "PAST";
  if (ahead && !tenses.includes("PastTense")) return "FUTURE";
  return null;
}

type Resolution = { iso: string; precision: DatePrecision } | { reason: string };

const UNDIRECTED = "the sentence's tense does not say whether this is past or to come";

/**
 * Resolves a phrase naming a time (lower case, no time of day) against the source's date, in the
 * direction its sentence tells; a reason instead when no rule here resolves it safely.
 */
export function resolvePhrase(phrase: string, published: string | null, direction: Direction): Resolution {
  const core = phrase
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^(?:on|in|during|of|by)\s+/, "")
    .replace(/(\d)(?:st|nd|rd|th)\b/g, "$1")
    .trim();
  const words = core.replace(/,/g, "").split(" ");

  // A year the words give: needs no source date.
  const yearMatch = /^(\d{4})$/.exec(words.at(-1) ?? "");
  if (yearMatch) {
    const year = Number(yearMatch[1]);
    const rest = words.slice(0, -1);
    if (rest.length === 0) return { iso: String(year), precision: "YEAR" };
    const monthIndex = rest.findIndex((w) => monthOf(w) !== undefined);
    const days = rest.filter((w) => /^\d{1,2}$/.test(w));
    if (monthIndex >= 0 && rest.length === 1 + days.length && days.length <= 1) {
      const iso = `${year}-${pad(monthOf(rest[monthIndex]!)!)}${days.length ? `-${pad(Number(days[0]))}` : ""}`;
      const parsed = parsePartialDate(iso);
      if (parsed) return { iso, precision: parsed.precision };
      return { reason: "not a real calendar date" };
    }
    return { reason: "the words give a year but no rule here reads the rest" };
  }

  if (published === null) return { reason: "a relative date, and no --date was given to resolve it against" };
  const pub = parsePartialDate(published)!;
  const today = new Date(Date.UTC(pub.year, pub.month! - 1, pub.day!));

  if (CONTEXT_DAY.test(core) || CONTEXT_SHIFT.test(core))
    return { reason: "a day counted from the events around it, and no day is dated in this sentence or the one before" };
  if (SAME_DAY.test(core)) return { iso: published, precision: "DAY" };
  if (core === "yesterday") return { iso: isoDay(addDays(today, -1)), precision: "DAY" };
  if (core === "tomorrow") return { iso: isoDay(addDays(today, 1)), precision: "DAY" };

  const relative = /^(last|this|next) (year|month|week)$/.exec(core);
  if (relative) {
    const step = { last: -1, this: 0, next: 1 }[relative[1] as "last" | "this" | "next"];
    if (relative[2] === "year") return { iso: String(pub.year + step), precision: "YEAR" };
    if (relative[2] === "month") {
      const m = new Date(Date.UTC(pub.year, pub.month! - 1 + step, 1));
      return { iso: `${m.getUTCFullYear()}-${pad(m.getUTCMonth() + 1)}`, precision: "MONTH" };
    }
    return { reason: "a week is not a precision a date can have: give the day, or the month if the week lies in one" };
  }

  if (/^(?:over |in |during )?(?:the )?(?:last|past|next|coming) (?:\w+ )?(?:days|weeks|months|years|decades)$/.test(core))
    return { reason: "a span of time, not a date: a period with its start, end and duration" };

  const ago = /^(\w+) (day|month|year)s? ago$/.exec(core);
  if (ago) {
    const n = /^\d+$/.test(ago[1]!) ? Number(ago[1]) : NUMBER_WORDS[ago[1]!];
    if (n === undefined) return { reason: "no rule here reads that number" };
    if (ago[2] === "day") return { iso: isoDay(addDays(today, -n)), precision: "DAY" };
    if (ago[2] === "year") return { iso: String(pub.year - n), precision: "YEAR" };
    const m = new Date(Date.UTC(pub.year, pub.month! - 1 - n, 1));
    return { iso: `${m.getUTCFullYear()}-${pad(m.getUTCMonth() + 1)}`, precision: "MONTH" };
  }

  const weekday = /^(?:(last|this|next) )?(\w+)$/.exec(core);
  if (weekday && WEEKDAYS.includes(weekday[2]!)) {
    const wanted = WEEKDAYS.indexOf(weekday[2]!);
    const dow = today.getUTCDay();
    const back = (dow - wanted + 7) % 7;
    const forward = (wanted - dow + 7) % 7;
    if (weekday[1] === "last") return { iso: isoDay(addDays(today, -(back || 7))), precision: "DAY" };
    if (weekday[1] === "next") return { reason: `"next ${weekday[2]}" is read as this coming one or the one after` };
    // The source's own weekday is that day, unless the sentence looks ahead, when it may be a week on.
    if (back === 0 && direction !== "FUTURE") return { iso: published, precision: "DAY" };
    if (direction === "PAST") return { iso: isoDay(addDays(today, -back)), precision: "DAY" };
    if (direction === "FUTURE") {
      if (forward === 0) return { reason: `the source's own ${weekday[2]}, in a sentence that looks ahead: that day or a week on` };
      return { iso: isoDay(addDays(today, forward)), precision: "DAY" };
    }
    return { reason: UNDIRECTED };
  }

  // A month, and perhaps its day, without a year: "last March", "in November", "on 3 May".
  const monthDay = /^(?:(last|this|next) )?(?:(\d{1,2}) )?([a-z]+\.?)(?: (\d{1,2}))?$/.exec(core.replace(/,/g, ""));
  const month = monthDay ? monthOf(monthDay[3]!) : undefined;
  if (monthDay && month !== undefined && !(monthDay[2] && monthDay[4])) {
    const day = monthDay[2] ?? monthDay[4];
    const which = monthDay[1];
    const thisYear = pub.year;
    // Before or after the source's date, compared at the precision the words have.
    const cmp = month !== pub.month! ? month - pub.month! : day === undefined ? 0 : Number(day) - pub.day!;
    let year: number | undefined;
    if (which === "last") year = month < pub.month! ? thisYear : thisYear - 1;
    else if (which === "next") year = month > pub.month! ? thisYear : thisYear + 1;
    else if (cmp === 0) year = thisYear;
    else if (direction === "PAST") year = cmp < 0 ? thisYear : thisYear - 1;
    else if (direction === "FUTURE") year = cmp > 0 ? thisYear : thisYear + 1;
    if (year === undefined) return { reason: UNDIRECTED };
    const iso = `${year}-${pad(month)}${day === undefined ? "" : `-${pad(Number(day))}`}`;
    const parsed = parsePartialDate(iso);
    return parsed ? { iso, precision: parsed.precision } : { reason: "not a real calendar date" };
  }

  return { reason: "no rule here resolves these words" };
}

/** How many days from the day of the events around them the words name: 0 for "later in the day", 1 for "the next day"; null for other words. */
function contextShift(words: string): number | null {
  const core = words.toLowerCase().replace(/\s+/g, " ");
  if (CONTEXT_DAY.test(core)) return 0;
  const shift = CONTEXT_SHIFT.exec(core);
  if (!shift) return null;
  return shift[1] || shift[3] || shift[5] ? 1 : -1;
}

/** The words of a span without the sentence's punctuation around them (a full stop that closes "a.m." stays). */
function trimPunctuation(words: string): string {
  let out = words.trim().replace(/^["'“‘(]+/, "");
  for (;;) {
    const next = out.replace(/[,;:!?"'”’)]+$/, "").trimEnd();
    const stop = /\.$/.test(next) && !endsInAbbreviation(next) ? next.slice(0, -1).trimEnd() : next;
    if (stop === out) return out;
    out = stop;
  }
}

/** Spans of `sentence` that name a time: compromise's, and the phrases of our own it misses whole; the wider wins. */
function timeSpans(sentence: string): { start: number; end: number }[] {
  const found = nlp<DatesMethods>(sentence)
    .dates()
    .json({ offset: true })
    .map((d: { offset: { start: number; length: number } }) => ({ start: d.offset.start, end: d.offset.start + d.offset.length }));
  for (const m of sentence.matchAll(OWN_PHRASES)) found.push({ start: m.index, end: m.index + m[0].length });
  found.sort((a: { start: number; end: number }, b: { start: number; end: number }) => a.start - b.start || b.end - a.end);
  const spans: { start: number; end: number }[] = [];
  for (const span of found) {
    const last = spans.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else spans.push({ ...span });
  }
  return spans;
}

/**
 * The dates of `sentences` (the source's, in order), resolved against `published` ("YYYY-MM-DD",
 * or null when not known), and the time words left unresolved.
 */
export function draftDates(sentences: readonly string[], published: string | null): { dates: DraftDate[]; unresolved: UnresolvedDate[] } {
  if (published !== null && parsePartialDate(published)?.precision !== "DAY") throw new RangeError(`not a day: ${published}`);
  const dates: DraftDate[] = [];
  const unresolved: UnresolvedDate[] = [];
  // The last day dated, for "later in the day" or "the next day" in the same sentence or the next.
  let lastDay: DraftDate | undefined;
  sentences.forEach((sentence, i) => {
    const direction = directionOf(sentence);
    for (const span of timeSpans(sentence)) {
      const words = trimPunctuation(sentence.slice(span.start, span.end));
      if (!words) continue;
      // The date without its time of day, when the time stands before or after it.
      const withoutTime = words.replace(TIME_OF_DAY, " ").trim();
      if (!withoutTime) {
        unresolved.push({ sentence: i + 1, asWritten: words, reason: "a time of day, not a date: a claim's timeOfDay" });
        continue;
      }
      const asWritten = sentence.includes(withoutTime) ? withoutTime : words;
      const shift = contextShift(asWritten);
      if (lastDay && lastDay.sentence >= i && shift !== null) {
        const [y, m, d] = lastDay.iso.split("-").map(Number) as [number, number, number];
        const iso = isoDay(addDays(new Date(Date.UTC(y, m - 1, d)), shift));
        lastDay = { sentence: i + 1, asWritten, iso, precision: "DAY", basis: "CONTEXT" };
        dates.push(lastDay);
        continue;
      }
      const resolved = resolvePhrase(asWritten, published, direction);
      if ("reason" in resolved) {
        unresolved.push({ sentence: i + 1, asWritten: words, reason: resolved.reason });
        continue;
      }
      const date: DraftDate = { sentence: i + 1, asWritten, ...resolved, basis: writtenInFull(resolved.iso, asWritten) ? "STATED" : "DATELINE" };
      dates.push(date);
      if (date.precision === "DAY") lastDay = date;
    }
  });
  return { dates, unresolved };
}
