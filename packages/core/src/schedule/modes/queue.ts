import * as z from "zod";
import "../../util/zod.ts";
import { once, type ScheduleMode } from "./mode.ts";

export const QueueIntent = z.object({ mode: z.literal("queue") });

/** "Add to queue": the account's next free posting slot. */
export const queueMode: ScheduleMode<z.infer<typeof QueueIntent>> = {
  schema: QueueIntent,
  usesSlots: true,
  async firstDue(_intent, { now, findSlot }) {
    const at = await findSlot(now.toISOString());
    return at ? { at, occurrence: 0 } : undefined;
  },
  nextDue: once,
  describe: () => "In each account's next free posting slot",
};
