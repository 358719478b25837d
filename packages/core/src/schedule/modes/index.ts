import * as z from "zod";
import "../../util/zod.ts";
import { AtIntent, atMode } from "./at.ts";
import { DraftIntent, draftMode } from "./draft.ts";
import { EvergreenIntent, evergreenMode } from "./evergreen.ts";
import type { ScheduleMode } from "./mode.ts";
import { NowIntent, nowMode } from "./now.ts";
import { QueueIntent, queueMode } from "./queue.ts";
import { RecurringIntent, recurringMode } from "./recurring.ts";

export type { Due, DueContext, ScheduleMode } from "./mode.ts";
export { describeRecurrence, firstOccurrence, recurrenceOf } from "./recurring.ts";

/** When a post should go out: one of the modes below, told apart by `mode`. */
export const Intent = z.discriminatedUnion("mode", [
  DraftIntent,
  NowIntent,
  AtIntent,
  QueueIntent,
  RecurringIntent,
  EvergreenIntent,
]);
export type Intent = z.infer<typeof Intent>;
export type ModeName = Intent["mode"];

/**
 * Every schedule mode, complete: a mode in `Intent` without an entry here fails the type check.
 * Scheduling, repeating and the words people read all go through it.
 */
export const scheduleModes: { [M in ModeName]: ScheduleMode<Extract<Intent, { mode: M }>> } = {
  draft: draftMode,
  now: nowMode,
  at: atMode,
  queue: queueMode,
  recurring: recurringMode,
  evergreen: evergreenMode,
};

/** The mode of an intent, typed for that intent. */
export function modeOf<I extends Intent>(intent: I): ScheduleMode<I> {
  return scheduleModes[intent.mode] as unknown as ScheduleMode<I>;
}
