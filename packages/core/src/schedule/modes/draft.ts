import * as z from "zod";
import "../../util/zod.ts";
import { once, type ScheduleMode } from "./mode.ts";

export const DraftIntent = z.object({ mode: z.literal("draft") });

/** Not scheduled: the post waits until someone picks a time. */
export const draftMode: ScheduleMode<z.infer<typeof DraftIntent>> = {
  schema: DraftIntent,
  usesSlots: false,
  firstDue: async () => undefined,
  nextDue: once,
  describe: () => "Not scheduled yet (a draft)",
};
