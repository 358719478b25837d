import { DateTime } from "luxon";
import * as z from "zod";
import { VisibleError } from "../../error/index.ts";
import "../../util/zod.ts";
import { TimeZone } from "../../util/zone.ts";
import { nextAfter, occurrence, type Recurrence, ruleParts, validate } from "../recurrence.ts";
import { checkWindow, clockText, LocalDateTime } from "../window.ts";
import type { ScheduleMode } from "./mode.ts";

export const RecurringIntent = z.object({
  mode: z.literal("recurring"),
  start: LocalDateTime,
  timeZone: TimeZone,
  rrule: z.string().min(5).max(500),
});
type RecurringIntent = z.infer<typeof RecurringIntent>;

export function recurrenceOf(intent: RecurringIntent): Recurrence {
  return { rrule: intent.rrule, start: intent.start, timeZone: intent.timeZone };
}

/**
 * The occurrence a new recurring schedule starts with: its instant and its index come from
 * the same lookup, so the due time and the occurrence the consumer records always agree. An
 * occurrence up to a minute old still counts (the slack of `checkWindow`).
 */
export function firstOccurrence(intent: RecurringIntent, now = new Date()) {
  validate(recurrenceOf(intent));
  const next = nextAfter(recurrenceOf(intent), new Date(now.getTime() - 60_000).toISOString());
  if (!next) {
    throw new VisibleError(
      "time_in_past",
      "Every occurrence of this rule is in the past. Move its start or end later.",
      "schedule.start",
    );
  }
  return { occurrence: next.index, at: checkWindow(next.at, now) };
}

/**
 * An RFC 5545 rule evaluated in the author's zone. The run after one that went out is the
 * committed occurrence plus one, never "the next after now", so a late or repeated success
 * cannot skip or double one.
 */
export const recurringMode: ScheduleMode<RecurringIntent> = {
  schema: RecurringIntent,
  usesSlots: false,
  firstDue: async (intent, { now }) => firstOccurrence(intent, now),
  async nextDue(intent, last) {
    const at = occurrence(recurrenceOf(intent), last.occurrence + 1);
    return at ? { at, occurrence: last.occurrence + 1 } : undefined;
  },
  describe: describeRecurrence,
};

const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const units = { 0: "year", 1: "month", 2: "week", 3: "day" } as Record<number, string>;

const dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/** rrule gives a weekday as 0 (Monday) … 6, as "MO" … "SU", or as an object with `weekday`. */
function weekdayIndex(day: number | string | { weekday: number }): number {
  if (typeof day === "number") return day;
  if (typeof day === "string") return dayCodes.indexOf(day);
  return day.weekday;
}

function listText(items: string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`
    : (items[0] ?? "");
}

function ordinal(day: number): string {
  if (day < 0) return day === -1 ? "last day" : `${ordinal(-day)} last day`;
  const suffix =
    day % 100 >= 11 && day % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[day % 10] ?? "th");
  return `${day}${suffix}`;
}

/**
 * "Every Friday at 9:00 AM", "Every 2 weeks on Monday and Wednesday at 6:30 PM, 10 times",
 * "Every month on the 15th at 8:00 AM, until 31 December 2026": the rules the composer writes
 * and most hand-written ones. A rule beyond these reads as "A custom repeating schedule".
 */
export function describeRecurrence(intent: RecurringIntent): string {
  // A start without an offset is a wall-clock time in the rule's zone, as localToUtc reads it.
  const start = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(intent.start)
    ? DateTime.fromISO(intent.start, { setZone: true }).setZone(intent.timeZone)
    : DateTime.fromISO(intent.start, { zone: intent.timeZone });
  const local = start.isValid ? start : undefined;
  let parts: ReturnType<typeof ruleParts>;
  try {
    parts = ruleParts(intent.rrule);
  } catch {
    return "A custom repeating schedule";
  }
  const unit = parts.freq === undefined ? undefined : units[parts.freq];
  const exotic =
    parts.bysetpos || parts.byhour || parts.byminute || parts.byyearday || parts.byweekno;
  if (!unit || !local || exotic) return "A custom repeating schedule";
  const interval = parts.interval ?? 1;
  const days = (
    Array.isArray(parts.byweekday) ? parts.byweekday : parts.byweekday ? [parts.byweekday] : []
  ).map((day) => weekdayNames[weekdayIndex(day)] ?? "");
  const monthDays = Array.isArray(parts.bymonthday)
    ? parts.bymonthday
    : parts.bymonthday !== undefined && parts.bymonthday !== null
      ? [parts.bymonthday]
      : [];
  let text: string;
  if (unit === "week" && interval === 1 && days.length > 0) {
    text = days.length === 7 ? "Every day" : `Every ${listText(days)}`;
  } else {
    text = interval > 1 ? `Every ${interval} ${unit}s` : `Every ${unit}`;
    if (unit === "week") text += ` on ${listText(days.length ? days : [local.weekdayLong ?? ""])}`;
    if (unit === "month") {
      const on = monthDays.length ? monthDays : [local.day];
      text +=
        days.length && !monthDays.length
          ? ` on ${listText(days)}`
          : ` on the ${listText(on.map(ordinal))}`;
    }
    if (unit === "year") text += ` on ${local.setLocale("en-GB").toFormat("d LLLL")}`;
    if (unit === "day" && days.length) text += ` on ${listText(days)}`;
  }
  text += ` at ${clockText(local)}`;
  if (parts.count) text += `, ${parts.count === 1 ? "once" : `${parts.count} times`}`;
  if (parts.until) {
    // UNTIL holds a wall-clock time in the author's zone, written as if it were UTC.
    const until = DateTime.fromJSDate(parts.until, { zone: "utc" });
    text += `, until ${until.setLocale("en-GB").toFormat("d LLLL yyyy")}`;
  }
  return `${text} (${intent.timeZone})`;
}
