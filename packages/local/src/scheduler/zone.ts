/** A wall-clock time in some zone, as written in `at(...)` or produced by a cron field. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for names Intl knows as IANA zones (AWS takes IANA names, not raw offsets). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z]/.test(timeZone)) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time an instant shows in a zone. */
export function localTimeAt(instantMs: number, timeZone: string): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

const asUtcMs = (local: LocalDateTime) =>
  Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);

function offsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return asUtcMs(localTimeAt(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * Every instant at which the zone's clock shows `local`: none inside a spring-forward gap,
 * two inside a fall-back overlap, one otherwise. Sorted, earliest first.
 */
export function instantsForLocalTime(local: LocalDateTime, timeZone: string): number[] {
  const wallAsUtc = asUtcMs(local);
  const offsets = new Set([
    offsetMs(wallAsUtc - DAY_MS, timeZone),
    offsetMs(wallAsUtc + DAY_MS, timeZone),
  ]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = wallAsUtc - offset;
    if (asUtcMs(localTimeAt(instant, timeZone)) === wallAsUtc) instants.push(instant);
  }
  return instants.sort((a, b) => a - b);
}

/**
 * The UTC instant of a wall-clock time in an IANA zone. An ambiguous time (clocks going back)
 * takes the earlier instant; a time skipped by clocks going forward moves forward by the gap,
 * as a clock that was not adjusted would read.
 */
export function zonedTimeToUtc(local: LocalDateTime, timeZone: string): Date {
  const [first] = instantsForLocalTime(local, timeZone);
  if (first !== undefined) return new Date(first);
  return new Date(asUtcMs(local) - offsetMs(asUtcMs(local) - DAY_MS, timeZone));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
