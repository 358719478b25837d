import { VisibleError } from "../error/index.ts";
import { z } from "../util/zod.ts";
import { TimeZone } from "../util/zone.ts";
import * as recurrence from "./recurrence.ts";

export { freeSlots, hasAnySlot, type WeeklySlots } from "./slots.ts";
export { recurrence };

import { localTimeWarning, localToUtc, type TimeWarning } from "./zone.ts";

/**
 * When a post should go out. Stored on the post; each target gets its own due instant from it
 * (queue and evergreen use the target account's posting slots).
 */
export namespace Schedule {
  /** Cadence schedules at most this far ahead. */
  export const horizonDays = 730;

  const LocalDateTime = z
    .string()
    .max(40)
    .describe("YYYY-MM-DDTHH:mm in `timeZone`, or an ISO-8601 instant with offset");

  export const Intent = z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("draft") }),
    z.object({ mode: z.literal("now") }),
    z.object({ mode: z.literal("at"), at: LocalDateTime, timeZone: TimeZone }),
    z.object({ mode: z.literal("queue") }),
    z.object({
      mode: z.literal("recurring"),
      start: LocalDateTime,
      timeZone: TimeZone,
      rrule: z.string().min(5).max(500),
    }),
    z.object({
      mode: z.literal("evergreen"),
      /** A post does not repeat on an account sooner than this. */
      minGapDays: z.number().int().min(1).max(365).default(30),
    }),
  ]);
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

  /** The due instant of a one-time intent, checked against now and the horizon. */
  export function instantOf(intent: Intent, now = new Date()): string | undefined {
    if (intent.mode === "now") return now.toISOString().replace(/\.\d{3}Z$/, "Z");
    if (intent.mode === "at")
      return checkWindow(localToUtc(intent.at, intent.timeZone, "schedule.at"), now);
    if (intent.mode === "recurring") return firstOccurrence(intent, now).at;
    return undefined;
  }

  /**
   * The occurrence a new recurring schedule starts with: its instant and its index come from
   * the same lookup, so the due time and the occurrence the consumer records always agree. An
   * occurrence up to a minute old still counts (the slack of `checkWindow`).
   */
  export function firstOccurrence(
    intent: Extract<Intent, { mode: "recurring" }>,
    now = new Date(),
  ): { index: number; at: string } {
    recurrence.validate(recurrenceOf(intent));
    const next = recurrence.nextAfter(
      recurrenceOf(intent),
      new Date(now.getTime() - 60_000).toISOString(),
    );
    if (!next) {
      throw new VisibleError(
        "time_in_past",
        "Every occurrence of this rule is in the past. Move its start or end later.",
        "schedule.start",
      );
    }
    return { index: next.index, at: checkWindow(next.at, now) };
  }

  export function recurrenceOf(
    intent: Extract<Intent, { mode: "recurring" }>,
  ): recurrence.Recurrence {
    return { rrule: intent.rrule, start: intent.start, timeZone: intent.timeZone };
  }

  /** A minute of slack absorbs the time between the person pressing the button and now. */
  function checkWindow(instant: string, now: Date): string {
    const ms = Date.parse(instant);
    if (ms < now.getTime() - 60_000) {
      throw new VisibleError(
        "time_in_past",
        `That time (${instant} UTC) has passed. Pick a later time, or publish now.`,
        "schedule.at",
      );
    }
    if (ms > now.getTime() + horizonDays * 86_400_000) {
      throw new VisibleError(
        "time_too_far",
        `Cadence schedules up to ${horizonDays} days ahead; pick an earlier time.`,
        "schedule.at",
      );
    }
    return instant;
  }
}
