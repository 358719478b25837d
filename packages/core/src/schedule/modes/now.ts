import * as z from "zod";
import "../../util/zod.ts";
import { once, type ScheduleMode } from "./mode.ts";

export const NowIntent = z.object({ mode: z.literal("now") });

/** As soon as possible: due at the current second. */
export const nowMode: ScheduleMode<z.infer<typeof NowIntent>> = {
  schema: NowIntent,
  usesSlots: false,
  firstDue: async (_intent, { now }) => ({
    at: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    occurrence: 0,
  }),
  nextDue: once,
  describe: () => "Right away",
};
