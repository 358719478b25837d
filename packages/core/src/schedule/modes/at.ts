import * as z from "zod";
import "../../util/zod.ts";
import { TimeZone } from "../../util/zone.ts";
import { checkWindow, LocalDateTime, momentText } from "../window.ts";
import { localToUtc } from "../zone.ts";
import { once, type ScheduleMode } from "./mode.ts";

export const AtIntent = z.object({ mode: z.literal("at"), at: LocalDateTime, timeZone: TimeZone });
type AtIntent = z.infer<typeof AtIntent>;

/** The instant of an exact local time, whichever way a DST change bends it. */
export function instantOfAt(intent: AtIntent): string {
  return localToUtc(intent.at, intent.timeZone, "schedule.at");
}

/** Once, at an exact wall-clock time in the author's zone. */
export const atMode: ScheduleMode<AtIntent> = {
  schema: AtIntent,
  usesSlots: false,
  firstDue: async (intent, { now }) => ({
    at: checkWindow(instantOfAt(intent), now),
    occurrence: 0,
  }),
  nextDue: once,
  describe: (intent) =>
    `Once, on ${momentText(instantOfAt(intent), intent.timeZone)} (${intent.timeZone})`,
};
