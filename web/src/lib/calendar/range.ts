/**
 * Which days a calendar view covers, in the workspace's zone, and the instants to ask the API
 * for; and the entries grouped by their day there.
 */
import type { CalendarEntry } from "../posts.ts";
import {
  addDays,
  addMonths,
  dateKey,
  daysInMonth,
  daysIntoWeek,
  firstDayOfWeek,
  instantOf,
  wallOf,
} from "../zoned.ts";

export type View = "month" | "week" | "day" | "list";
export const views: View[] = ["month", "week", "day", "list"];

export interface Range {
  /** Every day shown, "YYYY-MM-DD", in order. */
  days: string[];
  /** The month the view is about (month and list views), "YYYY-MM". */
  month: string;
  from: string;
  to: string;
}

/** The days a view shows; weeks start on the viewer's locale's first day (Monday, Sunday…). */
export function rangeOf(
  view: View,
  date: string,
  zone: string,
  firstDay = firstDayOfWeek(),
): Range {
  const first = `${date.slice(0, 7)}-01`;
  let start = date;
  let count = 1;
  if (view === "month") {
    start = addDays(first, -daysIntoWeek(first, firstDay));
    const last = `${date.slice(0, 7)}-${String(daysInMonth(first)).padStart(2, "0")}`;
    const end = addDays(last, 6 - daysIntoWeek(last, firstDay));
    count = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
  } else if (view === "week") {
    start = addDays(date, -daysIntoWeek(date, firstDay));
    count = 7;
  } else if (view === "list") {
    start = first;
    count = daysInMonth(first);
  }
  const days = Array.from({ length: count }, (_, index) => addDays(start, index));
  const after = addDays(days.at(-1) ?? start, 1);
  return {
    days,
    month: date.slice(0, 7),
    from: new Date(instantOf(start, "00:00", zone)).toISOString(),
    to: new Date(instantOf(after, "00:00", zone)).toISOString(),
  };
}

/** The date the previous or next step of a view lands on. */
export function step(view: View, date: string, direction: 1 | -1): string {
  if (view === "month" || view === "list") return addMonths(date, direction);
  return addDays(date, view === "week" ? 7 * direction : direction);
}

export interface Placed {
  entry: CalendarEntry;
  day: string;
  /** Minutes since the day's midnight in the workspace's zone. */
  minutes: number;
  time: string;
}

/** Entries by day in `zone`, each day in due order. */
export function byDay(entries: CalendarEntry[], zone: string): Map<string, Placed[]> {
  const days = new Map<string, Placed[]>();
  for (const entry of entries) {
    const wall = wallOf(Date.parse(entry.dueAt), zone);
    const day = dateKey(wall);
    const placed: Placed = {
      entry,
      day,
      minutes: wall.hour * 60 + wall.minute,
      time: `${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`,
    };
    const list = days.get(day);
    if (list) list.push(placed);
    else days.set(day, [placed]);
  }
  for (const list of days.values()) {
    list.sort((a, b) => a.minutes - b.minutes || a.entry.targetId.localeCompare(b.entry.targetId));
  }
  return days;
}

export function titleOf(view: View, range: Range): string {
  const [year = 1970, month = 1] = range.month.split("-").map(Number);
  const monthName = new Intl.DateTimeFormat(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(Date.UTC(year, month - 1, 1));
  if (view === "month" || view === "list") return monthName;
  const format = (key: string, options: Intl.DateTimeFormatOptions) => {
    const [y = 1970, m = 1, d = 1] = key.split("-").map(Number);
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" }).format(
      Date.UTC(y, m - 1, d),
    );
  };
  const first = range.days[0] ?? "";
  if (view === "day") {
    return format(first, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  }
  const last = range.days.at(-1) ?? first;
  return `${format(first, { day: "numeric", month: "short" })} – ${format(last, { day: "numeric", month: "short", year: "numeric" })}`;
}
