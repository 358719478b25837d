/**
 * The recurring schedule the composer's small form can express, as an RFC 5545 RRULE, with
 * its next occurrences computed here the way the API's rrule evaluation does (occurrences are
 * wall-clock times in the rule's zone, starting at the first one on or after the start).
 */
import {
  addDays,
  addMonths,
  daysInMonth,
  formatClock,
  formatDay,
  instantOf,
  weekdayOf,
} from "./zoned.ts";

export type Frequency = "DAILY" | "WEEKLY" | "MONTHLY";

export interface RuleForm {
  frequency: Frequency;
  interval: number;
  /** ISO weekdays (1 Monday … 7 Sunday), for weekly rules. */
  weekdays: number[];
  end: { kind: "never" } | { kind: "count"; count: number } | { kind: "until"; date: string };
  /** First occurrence, "YYYY-MM-DD" and "HH:mm" in `timeZone`. */
  startDate: string;
  startTime: string;
  timeZone: string;
}

export const dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function toRrule(form: RuleForm): string {
  const parts = [`FREQ=${form.frequency}`];
  if (form.interval > 1) parts.push(`INTERVAL=${form.interval}`);
  if (form.frequency === "WEEKLY" && form.weekdays.length > 0) {
    parts.push(
      `BYDAY=${[...form.weekdays]
        .sort()
        .map((d) => dayCodes[d - 1])
        .join(",")}`,
    );
  }
  if (form.end.kind === "count") parts.push(`COUNT=${form.end.count}`);
  // UNTIL is read as a wall-clock time in the rule's zone: the whole end date is included.
  if (form.end.kind === "until") parts.push(`UNTIL=${form.end.date.replace(/-/g, "")}T235959`);
  return parts.join(";");
}

/**
 * Reads back a rule the form can express (FREQ, INTERVAL, BYDAY, COUNT, UNTIL); undefined for
 * any other RRULE, e.g. one written through the API, which is then shown as it is.
 */
export function fromRrule(rrule: string, start: string, timeZone: string): RuleForm | undefined {
  const parts = new Map(
    rrule
      .replace(/^RRULE:/i, "")
      .split(";")
      .map((part) => part.split("=") as [string, string]),
  );
  const frequency = parts.get("FREQ");
  if (frequency !== "DAILY" && frequency !== "WEEKLY" && frequency !== "MONTHLY") return;
  if (
    [...parts.keys()].some((key) => !["FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL"].includes(key))
  )
    return;
  const weekdays = (parts.get("BYDAY") ?? "")
    .split(",")
    .filter(Boolean)
    .map((code) => dayCodes.indexOf(code as (typeof dayCodes)[number]) + 1);
  if (weekdays.some((day) => day < 1)) return;
  const count = Number(parts.get("COUNT"));
  const until = parts.get("UNTIL");
  return {
    frequency,
    interval: Number(parts.get("INTERVAL") ?? "1") || 1,
    weekdays,
    end: count
      ? { kind: "count", count }
      : until
        ? { kind: "until", date: `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` }
        : { kind: "never" },
    startDate: start.slice(0, 10),
    startTime: start.slice(11, 16),
    timeZone,
  };
}

/** "Every 2 weeks on Monday and Wednesday, 10 times" */
export function describe(form: RuleForm): string {
  const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month" }[form.frequency];
  let text = form.interval > 1 ? `Every ${form.interval} ${unit}s` : `Every ${unit}`;
  if (form.frequency === "WEEKLY") {
    const days = (form.weekdays.length ? form.weekdays : [weekdayOf(form.startDate)])
      .sort()
      .map((d) => dayNames[d - 1]);
    text += ` on ${days.length > 1 ? `${days.slice(0, -1).join(", ")} and ${days.at(-1)}` : days[0]}`;
  }
  if (form.frequency === "MONTHLY") text += ` on day ${Number(form.startDate.slice(8, 10))}`;
  if (form.end.kind === "count")
    text += `, ${form.end.count} time${form.end.count === 1 ? "" : "s"}`;
  if (form.end.kind === "until") text += `, until ${formatDay(form.end.date, { year: "numeric" })}`;
  return text;
}

/** Occurrence dates in order, from the start, as "YYYY-MM-DD"; `limit` bounds the scan. */
function* dates(form: RuleForm, limit: number): Generator<string> {
  const interval = Math.max(1, form.interval);
  if (form.frequency === "DAILY") {
    for (let i = 0; i < limit; i++) yield addDays(form.startDate, i * interval);
    return;
  }
  if (form.frequency === "WEEKLY") {
    const days = (form.weekdays.length ? form.weekdays : [weekdayOf(form.startDate)]).sort();
    const monday = addDays(form.startDate, 1 - weekdayOf(form.startDate));
    for (let week = 0; week < limit; week++) {
      for (const day of days) {
        const date = addDays(monday, week * interval * 7 + day - 1);
        if (date >= form.startDate) yield date;
      }
    }
    return;
  }
  const dayOfMonth = Number(form.startDate.slice(8, 10));
  for (let i = 0; i < limit; i++) {
    const month = addMonths(form.startDate, i * interval);
    // A month without that day (the 31st in April) is skipped, as RFC 5545 says.
    if (dayOfMonth <= daysInMonth(month)) {
      yield `${month.slice(0, 8)}${String(dayOfMonth).padStart(2, "0")}`;
    }
  }
}

/** The next `count` occurrences after `after` (ms), as ISO instants. */
export function nextOccurrences(form: RuleForm, count: number, after = Date.now()): string[] {
  const found: string[] = [];
  let index = 0;
  for (const date of dates(form, 5_000)) {
    index += 1;
    if (form.end.kind === "count" && index > form.end.count) break;
    if (form.end.kind === "until" && date > form.end.date) break;
    const at = instantOf(date, form.startTime, form.timeZone);
    if (at <= after) continue;
    found.push(new Date(at).toISOString());
    if (found.length === count) break;
  }
  return found;
}

/** The whole schedule in a sentence: "Every week on Friday, at 9:00 AM (Europe/Berlin)". */
export function sentence(form: RuleForm): string {
  return `${describe(form)}, at ${formatClock(form.startTime)} (${form.timeZone})`;
}
