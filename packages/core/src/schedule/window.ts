import { DateTime } from "luxon";
import * as z from "zod";
import { VisibleError } from "../error/index.ts";
import "../util/zod.ts";
import { utcToLocal } from "./zone.ts";

/** Cadence schedules at most this far ahead. */
export const horizonDays = 730;

export const LocalDateTime = z
  .string()
  .max(40)
  .describe("YYYY-MM-DDTHH:mm in `timeZone`, or an ISO-8601 instant with offset");

/**
 * Checks an instant against now and the horizon. A minute of slack absorbs the time between
 * the person pressing the button and now.
 */
export function checkWindow(instant: string, now: Date, field = "schedule.at"): string {
  const ms = Date.parse(instant);
  if (ms < now.getTime() - 60_000) {
    throw new VisibleError(
      "time_in_past",
      `That time (${instant} UTC) has passed. Pick a later time, or publish now.`,
      field,
    );
  }
  if (ms > now.getTime() + horizonDays * 86_400_000) {
    throw new VisibleError(
      "time_too_far",
      `Cadence schedules up to ${horizonDays} days ahead; pick an earlier time.`,
      field,
    );
  }
  return instant;
}

/** "9:00 AM" */
export function clockText(local: DateTime): string {
  return local.toLocaleString(DateTime.TIME_SIMPLE, { locale: "en-US" });
}

/** "Friday, 6 March 2026 at 9:00 AM" for an instant, in a zone. */
export function momentText(instant: string, zone: string): string {
  const local = utcToLocal(instant, zone);
  return `${local.setLocale("en-GB").toFormat("cccc, d LLLL yyyy")} at ${clockText(local)}`;
}

/** The later of two instants, as an ISO string. */
export function laterOf(a: Date, b: Date): string {
  return new Date(Math.max(a.getTime(), b.getTime())).toISOString();
}
