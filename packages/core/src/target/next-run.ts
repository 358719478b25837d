import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { recurrence, Schedule } from "../schedule/index.ts";
import { freeSlots, type WeeklySlots } from "../schedule/slots.ts";

/**
 * The run after the one just committed, for recurring and evergreen posts; undefined when the
 * post does not repeat or its rule has ended. A rule's next run is the committed occurrence plus
 * one, never "the next after now", so a late or repeated success cannot skip or double one; an
 * evergreen post's gap counts from the committed due time (or now, if that is later).
 */
export async function nextRun(
  target: TargetItem,
  intent: Schedule.Intent | undefined,
): Promise<{ dueAt: string; occurrence: number } | undefined> {
  const occurrence = target.occurrence + 1;
  if (intent?.mode === "recurring") {
    const dueAt = recurrence.occurrence(Schedule.recurrenceOf(intent), occurrence);
    return dueAt ? { dueAt, occurrence } : undefined;
  }
  if (intent?.mode === "evergreen") {
    const account = (
      await db()
        .entities.account.get({ workspaceId: target.workspaceId, accountId: target.accountId })
        .go()
    ).data;
    if (!account) return undefined;
    const after = new Date(
      Math.max(Date.parse(target.dueAt) + intent.minGapDays * 86_400_000, Date.now()),
    );
    const horizon = new Date(after.getTime() + 120 * 86_400_000).toISOString();
    const taken = await db()
      .entities.target.query.byAccount({ accountId: account.accountId })
      .between({ dueAt: after.toISOString() }, { dueAt: horizon })
      .go({ pages: "all", hydrate: true });
    const [slot] = freeSlots(
      account.slots as WeeklySlots,
      account.timeZone,
      after.toISOString(),
      taken.data.filter((t) => t.targetId !== target.targetId).map((t) => t.dueAt),
      1,
    );
    return slot ? { dueAt: slot, occurrence } : undefined;
  }
  return undefined;
}
