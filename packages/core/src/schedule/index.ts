import * as z from "zod";
import "../util/zod.ts";
import { instantOfAt } from "./modes/at.ts";
import {
  firstOccurrence as first,
  Intent as IntentSchema,
  modeOf,
  recurrenceOf as recurrenceOfIntent,
  scheduleModes,
} from "./modes/index.ts";
import * as recurrence from "./recurrence.ts";
import { checkWindow, horizonDays as horizon } from "./window.ts";
import { localTimeWarning, type TimeWarning } from "./zone.ts";

export type { Due, DueContext, ModeName, ScheduleMode } from "./modes/index.ts";
export { freeSlots, hasAnySlot, type WeeklySlots } from "./slots.ts";
export { modeOf, recurrence, scheduleModes };

/**
 * When a post should go out. Stored on the post; each target gets its own due instant from it
 * (queue and evergreen use the target account's posting slots). Each mode lives in its own
 * file under modes/ with its schema, due times and words.
 */
export namespace Schedule {
  /** Cadence schedules at most this far ahead. */
  export const horizonDays = horizon;

  export const Intent = IntentSchema;
  export type Intent = z.infer<typeof Intent>;

  export const Warning = z.object({
    code: z.enum(["time_skipped", "time_ambiguous"]),
    field: z.string(),
    chosen: z.string().describe("The UTC instant Cadence uses"),
    message: z.string(),
  });

  /**
   * The intent's local time, when its zone skips it (spring forward) or repeats it (fall
   * back): which instant Cadence chose and why. Empty for every other intent.
   */
  export function warningsOf(intent: Intent): TimeWarning[] {
    const warning =
      intent.mode === "at"
        ? localTimeWarning(intent.at, intent.timeZone, "schedule.at")
        : intent.mode === "recurring"
          ? localTimeWarning(intent.start, intent.timeZone, "schedule.start")
          : undefined;
    return warning ? [warning] : [];
  }

  /** The due instant of a one-time or recurring intent, checked against now and the horizon. */
  export function instantOf(intent: Intent, now = new Date()): string | undefined {
    if (intent.mode === "now") return now.toISOString().replace(/\.\d{3}Z$/, "Z");
    if (intent.mode === "at") return checkWindow(instantOfAt(intent), now);
    if (intent.mode === "recurring") return first(intent, now).at;
    return undefined;
  }

  export const firstOccurrence = first;
  export const recurrenceOf = recurrenceOfIntent;

  /** How the schedule reads to people: "Every Friday at 9:00 AM (Europe/Berlin)". */
  export function describe(intent: Intent): string {
    return modeOf(intent).describe(intent);
  }
}
