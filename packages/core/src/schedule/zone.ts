import { DateTime } from "luxon";
import { VisibleError } from "../error/index.ts";

/**
 * Wall-clock times in a zone ↔ UTC instants. A local time that a DST change skips moves forward
 * by the gap (02:30 on a spring-forward night is 03:30); one that happens twice takes the first
 * (earlier) instant — the same choices EventBridge Scheduler makes.
 */
export function localToUtc(local: string, zone: string, field = "at"): string {
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(local);
  const parsed = hasOffset
    ? DateTime.fromISO(local, { setZone: true })
    : DateTime.fromISO(local, { zone });
  if (!parsed.isValid) {
    throw new VisibleError(
      "invalid_time",
      `Write the time as YYYY-MM-DDTHH:mm (local to ${zone}) or as an ISO-8601 instant; “${local}” is not one.`,
      field,
    );
  }
  return isoUtc(hasOffset ? parsed : earliest(parsed));
}

/** Of the instants a wall-clock time can mean (two in the autumn overlap), the first. */
function earliest(value: DateTime): DateTime {
  const candidates = value.getPossibleOffsets();
  return candidates.length > 1
    ? (candidates.sort((a, b) => a.toMillis() - b.toMillis())[0] ?? value)
    : value;
}

export function utcToLocal(instant: string, zone: string): DateTime {
  return DateTime.fromISO(instant, { zone: "utc" }).setZone(zone);
}

/** The instant of a wall-clock date and "HH:mm" in a zone. */
export function wallTimeToUtc(date: DateTime, hhmm: string, zone: string): DateTime {
  const [hour, minute] = hhmm.split(":").map(Number);
  return earliest(
    DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day, hour, minute },
      { zone },
    ),
  ).toUTC();
}

export function isoUtc(value: DateTime): string {
  return value.toUTC().toISO({ suppressMilliseconds: true }) ?? "";
}

/** Why a local time did not map to one instant, and which instant Cadence chose. */
export interface TimeWarning {
  code: "time_skipped" | "time_ambiguous";
  field: string;
  /** The UTC instant Cadence will use. */
  chosen: string;
  message: string;
}

/**
 * A warning when a wall-clock time in a zone does not exist (the hour a spring-forward change
 * skips) or exists twice (the hour a fall-back change repeats), naming the instant localToUtc
 * chose. Times given with an offset are exact and never warn.
 */
export function localTimeWarning(
  local: string,
  zone: string,
  field: string,
): TimeWarning | undefined {
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(local)) return undefined;
  const parsed = DateTime.fromISO(local, { zone });
  if (!parsed.isValid) return undefined;
  const wall = DateTime.fromISO(local, { zone: "utc" });
  const chosen = DateTime.fromISO(localToUtc(local, zone, field), { zone: "utc" }).setZone(zone);
  const wallText = wall.toFormat("HH:mm");
  const day = wall.toFormat("cccc d LLLL yyyy");
  const chosenText = `${chosen.toFormat("HH:mm ZZZZ")} (${chosen.toUTC().toFormat("HH:mm")} UTC)`;
  if (chosen.hour !== wall.hour || chosen.minute !== wall.minute) {
    return {
      code: "time_skipped",
      field,
      chosen: isoUtc(chosen),
      message: `${wallText} does not exist on ${day} in ${zone}: the clocks go forward. Cadence will publish at ${chosenText}; pick another time if that is not what you want.`,
    };
  }
  if (parsed.getPossibleOffsets().length > 1) {
    return {
      code: "time_ambiguous",
      field,
      chosen: isoUtc(chosen),
      message: `${wallText} happens twice on ${day} in ${zone}: the clocks go back. Cadence will publish at the first, ${chosenText}; give the time with an offset to pick the second.`,
    };
  }
  return undefined;
}
