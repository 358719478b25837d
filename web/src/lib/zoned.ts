/**
 * Wall-clock dates and times in an IANA zone, and the instants they mean, with nothing but
 * Intl: the calendar lays days out in the workspace's zone and the composer schedules in the
 * zone the person picks. A time a DST change skips moves forward by the gap; one that happens
 * twice takes the earlier instant — what the API does (packages/core schedule/zone.ts).
 */

export interface Wall {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let cached = partFormatters.get(zone);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    partFormatters.set(zone, cached);
  }
  return cached;
}

/** The wall clock in `zone` at an instant (ms since the epoch). */
export function wallOf(ms: number, zone: string): Wall {
  const wall: Wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, weekday: 0 };
  for (const part of partsFormatter(zone).formatToParts(ms)) {
    if (part.type === "weekday") wall.weekday = weekdays[part.value] ?? 0;
    else if (part.type in wall) wall[part.type as keyof Wall] = Number(part.value);
  }
  return wall;
}

/** How far `zone` is ahead of UTC at an instant, in ms (whole minutes). */
function offsetAt(ms: number, zone: string): number {
  const wall = wallOf(ms, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/** The instant a wall-clock time in `zone` means. */
export function instantOf(date: string, time: string, zone: string): number {
  const [year = 1970, month = 1, day = 1] = date.split("-").map(Number);
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  const floating = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets on either side of the time; with a DST change nearby they differ.
  const before = offsetAt(floating - 86_400_000, zone);
  const after = offsetAt(floating + 86_400_000, zone);
  const candidates = [floating - before, floating - after].filter(
    (ms) => offsetAt(ms, zone) === floating - ms,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped by a spring-forward change: the same distance past the gap.
  return floating - before;
}

/** "YYYY-MM-DD" */
export function dateKey(wall: Pick<Wall, "year" | "month" | "day">): string {
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** "HH:mm" */
export function timeKey(wall: Pick<Wall, "hour" | "minute">): string {
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

export function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** The date and time in `zone` of an ISO instant, as the API takes them ("YYYY-MM-DDTHH:mm"). */
export function localDateTime(iso: string, zone: string): { date: string; time: string } {
  const wall = wallOf(Date.parse(iso), zone);
  return { date: dateKey(wall), time: timeKey(wall) };
}

/** Calendar arithmetic on "YYYY-MM-DD" keys (zone-free). */
export function addDays(key: string, days: number): string {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return date.toISOString().slice(0, 10);
}

export function addMonths(key: string, months: number): string {
  const [year = 1970, month = 1] = key.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

/** ISO weekday of a date key: 1 Monday … 7 Sunday. */
export function weekdayOf(key: string): number {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

export function daysInMonth(key: string): number {
  const [year = 1970, month = 1] = key.split("-").map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function todayIn(zone: string): string {
  return dateKey(wallOf(Date.now(), zone));
}

/** A date key shown in words, e.g. "Tuesday, 4 March". */
export function formatDay(key: string, options: Intl.DateTimeFormatOptions = {}): string {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
    ...options,
  }).format(Date.UTC(year, month - 1, day));
}

/** "09:30" shown in the viewer's locale style ("9:30 AM"). */
export function formatClock(time: string): string {
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  return new Intl.DateTimeFormat(undefined, {
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(Date.UTC(2000, 0, 1, hour, minute));
}

/**
 * The viewer's first day of the week, 1 Monday … 7 Sunday, from the locale (Intl.Locale's week
 * info; Chromium and Safari have it). Browsers without it fall back to the regions that start
 * on Sunday or Saturday by CLDR's data; everywhere else starts on Monday.
 */
export function firstDayOfWeek(language = navigator.language): number {
  const locale = new Intl.Locale(language) as Intl.Locale & {
    getWeekInfo?: () => { firstDay: number };
    weekInfo?: { firstDay: number };
  };
  const info = locale.getWeekInfo?.() ?? locale.weekInfo;
  if (info?.firstDay) return info.firstDay;
  const region = locale.maximize().region ?? "";
  if (saturdayRegions.has(region)) return 6;
  return sundayRegions.has(region) ? 7 : 1;
}

// CLDR weekData firstDay, for browsers without Intl.Locale week info.
const sundayRegions = new Set(
  "AG AS BD BR BS BT BW BZ CA CN CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW".split(
    " ",
  ),
);
const saturdayRegions = new Set("AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY".split(" "));

/** How many days `key` is after the start of its week, for a week starting on `firstDay`. */
export function daysIntoWeek(key: string, firstDay: number): number {
  return (weekdayOf(key) - firstDay + 7) % 7;
}
