import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { slotFinder } from "../post/timing.ts";
import { modeOf, type Schedule } from "../schedule/index.ts";

/**
 * The run after the one just committed, for recurring and evergreen posts; undefined when the
 * post does not repeat or its rule has ended. Each mode decides (schedule/modes/): a rule's
 * next run is the committed occurrence plus one, an evergreen post's the account's next free
 * slot once the gap since the committed due time has passed.
 */
export async function nextRun(
  target: TargetItem,
  intent: Schedule.Intent | undefined,
): Promise<{ dueAt: string; occurrence: number } | undefined> {
  if (!intent) return undefined;
  const mode = modeOf(intent);
  let findSlot = async (_after: string): Promise<string | undefined> => undefined;
  if (mode.usesSlots) {
    const account = (
      await db()
        .entities.account.get({ workspaceId: target.workspaceId, accountId: target.accountId })
        .go()
    ).data;
    if (!account) return undefined;
    findSlot = slotFinder(account, new Set([target.targetId]));
  }
  const next = await mode.nextDue(
    intent,
    { at: target.dueAt, occurrence: target.occurrence },
    { now: new Date(), findSlot },
  );
  return next ? { dueAt: next.at, occurrence: next.occurrence } : undefined;
}
