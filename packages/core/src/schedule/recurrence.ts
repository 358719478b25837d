import { DateTime } from "luxon";
import * as rrule from "rrule";
import { VisibleError } from "../error/index.ts";
import { localToUtc } from "./zone.ts";

// rrule ships CommonJS under "main": Node's ESM loader exposes it as the default export, while
// bundlers see the ESM build's named exports. Take RRule from whichever is there.
const { RRule } = ((rrule as { default?: typeof rrule }).default ?? rrule) as typeof rrule;
type RRule = InstanceType<typeof RRule>;

/**
 * RFC 5545 recurrence evaluated in the author's zone. rrule computes in UTC, so the rule runs
 * over "floating" wall-clock times (local times written as if UTC) and each occurrence is then
 * placed in the zone: 09:00 every Monday stays 09:00 local across DST changes.
 */
export interface Recurrence {
  rrule: string;
  /** First occurrence's local wall time, "YYYY-MM-DDTHH:mm". */
  start: string;
  timeZone: string;
}

const maxOccurrencesScanned = 5_000;

/** The rule's parts as rrule reads them (FREQ, INTERVAL, BYDAY, COUNT, UNTIL …). */
export function ruleParts(rule: string): ReturnType<typeof RRule.parseString> {
  return RRule.parseString(rule.trim().replace(/^RRULE:/i, ""));
}

function parse(rule: string, start: string): RRule {
  const text = rule.trim().replace(/^RRULE:/i, "");
  const floatingStart = DateTime.fromISO(start, { zone: "utc" });
  if (!floatingStart.isValid) {
    throw new VisibleError(
      "invalid_time",
      "Write the first occurrence as YYYY-MM-DDTHH:mm.",
      "schedule.start",
    );
  }
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined) throw new Error("FREQ is required");
    if (options.dtstart) throw new Error("put the start in `start`, not DTSTART");
    if (options.until) {
      // UNTIL is a local date-time in the author's zone, like the occurrences.
      options.until = new Date(options.until.getTime());
    }
    return new RRule({ ...options, dtstart: floatingStart.toJSDate() });
  } catch (error) {
    throw new VisibleError(
      "invalid_rrule",
      `The recurrence rule is not valid RFC 5545 (${error instanceof Error ? error.message : "unreadable"}). Example: FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10.`,
      "schedule.rrule",
    );
  }
}

/** Checks a rule: it parses and yields at least one occurrence. Open-ended rules are allowed. */
export function validate(recurrence: Recurrence): void {
  if (occurrence(recurrence, 0) === undefined) {
    throw new VisibleError(
      "invalid_rrule",
      "The recurrence rule never occurs (its UNTIL is before its start, or COUNT is 0).",
      "schedule.rrule",
    );
  }
}

/** The `index`-th occurrence (0-based) as a UTC instant, or undefined when the rule has ended. */
export function occurrence(recurrence: Recurrence, index: number): string | undefined {
  const rule = parse(recurrence.rrule, recurrence.start);
  let found: Date | undefined;
  let seen = 0;
  rule.all((date, i) => {
    if (i === index) found = date;
    seen = i;
    return i < index && seen < maxOccurrencesScanned;
  });
  if (!found) return undefined;
  return placeInZone(found, recurrence.timeZone);
}

/** The first occurrence strictly after `after` (UTC), with its index. */
export function nextAfter(
  recurrence: Recurrence,
  after: string,
): { index: number; at: string } | undefined {
  const rule = parse(recurrence.rrule, recurrence.start);
  const afterMs = Date.parse(after);
  let result: { index: number; at: string } | undefined;
  rule.all((date, i) => {
    const at = placeInZone(date, recurrence.timeZone);
    if (Date.parse(at) > afterMs) {
      result = { index: i, at };
      return false;
    }
    return i < maxOccurrencesScanned;
  });
  return result;
}

function placeInZone(floating: Date, zone: string): string {
  const wall = DateTime.fromJSDate(floating, { zone: "utc" });
  return localToUtc(wall.toFormat("yyyy-MM-dd'T'HH:mm:ss"), zone);
}
