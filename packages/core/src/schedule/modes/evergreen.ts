import * as z from "zod";
import "../../util/zod.ts";
import { laterOf } from "../window.ts";
import type { ScheduleMode } from "./mode.ts";

export const EvergreenIntent = z.object({
  mode: z.literal("evergreen"),
  /** A post does not repeat on an account sooner than this. */
  minGapDays: z.number().int().min(1).max(365).default(30),
});
type EvergreenIntent = z.infer<typeof EvergreenIntent>;

const dayMs = 86_400_000;

/**
 * Where the slot search starts: just before the gap ends (a slot exactly `minGapDays` later is
 * far enough apart; the finder takes slots strictly after), or now, if that is later.
 */
function searchFrom(lastAt: string, minGapDays: number, now: Date): string {
  return laterOf(new Date(Date.parse(lastAt) + minGapDays * dayMs - 1), now);
}

/**
 * Again and again, in the account's free posting slots, never sooner than `minGapDays` after
 * it last went out. The one place that works out an evergreen post's next slot, first run and
 * repeat alike: the gap counts from when it last went out (or now, if that is later).
 */
export const evergreenMode: ScheduleMode<EvergreenIntent> = {
  schema: EvergreenIntent,
  usesSlots: true,
  async firstDue(intent, { now, findSlot, lastAt }) {
    const at = await findSlot(
      lastAt ? searchFrom(lastAt, intent.minGapDays, now) : now.toISOString(),
    );
    return at ? { at, occurrence: 0 } : undefined;
  },
  async nextDue(intent, last, { now, findSlot }) {
    const at = await findSlot(searchFrom(last.at, intent.minGapDays, now));
    return at ? { at, occurrence: last.occurrence + 1 } : undefined;
  },
  describe: (intent) =>
    `Again and again in each account's free posting slots, at least ${intent.minGapDays} ${intent.minGapDays === 1 ? "day" : "days"} apart`,
};
