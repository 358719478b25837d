import { Account } from "../account/index.ts";
import type { AccountItem } from "../db/entities/account.ts";
import { VisibleError } from "../error/index.ts";
import { modeOf, type Schedule } from "../schedule/index.ts";
import { freeSlots, hasAnySlot, queueHorizonDays, type WeeklySlots } from "../schedule/slots.ts";

export interface Due {
  dueAt: string;
  timeZone: string;
  occurrence: number;
}

/**
 * The account's next free posting slot strictly after `after`: the one slot finder of the queue
 * and evergreen modes, first runs and repeats alike. A canceled target frees its slot; the
 * targets in `ignoreTargetIds` (the post's own, when it is rescheduled) do too.
 */
export function slotFinder(
  account: Pick<AccountItem, "accountId" | "slots" | "timeZone">,
  ignoreTargetIds: ReadonlySet<string> = new Set(),
): (after: string) => Promise<string | undefined> {
  return async (after) => {
    const horizon = new Date(Date.parse(after) + queueHorizonDays * 86_400_000).toISOString();
    const taken = (await Account.targetsBetween(account.accountId, after, horizon))
      .filter((t) => !ignoreTargetIds.has(t.targetId) && t.state !== "canceled" && t.dueAt)
      .map((t) => t.dueAt as string);
    return freeSlots(account.slots as WeeklySlots, account.timeZone, after, taken, 1)[0];
  };
}

/**
 * When each account's copy goes out under an intent. One-time and recurring intents give every
 * account the same instant; queue and evergreen take each account's next free posting slot.
 * `ignoreTargetIds` are the post's own targets, whose current slots are free to take again.
 */
export async function dueTimes(
  intent: Schedule.Intent,
  accounts: AccountItem[],
  options: {
    workspaceZone: string;
    ignoreTargetIds?: Set<string>;
    lastPublishedAt?: string;
    now?: Date;
  },
): Promise<Map<string, Due>> {
  const now = options.now ?? new Date();
  const mode = modeOf(intent);
  const result = new Map<string, Due>();
  if (!mode.usesSlots) {
    const due = await mode.firstDue(intent, { now, findSlot: async () => undefined });
    if (!due) return result;
    const timeZone = "timeZone" in intent ? intent.timeZone : options.workspaceZone;
    for (const account of accounts) {
      result.set(account.accountId, { dueAt: due.at, timeZone, occurrence: due.occurrence });
    }
    return result;
  }
  for (const account of accounts) {
    if (!hasAnySlot(account.slots as WeeklySlots)) {
      throw new VisibleError(
        "no_posting_slots",
        `${account.displayName} (${account.network}) has no posting slots yet. Add some in its queue settings, or pick a time.`,
        "schedule.mode",
      );
    }
    const due = await mode.firstDue(intent, {
      now,
      lastAt: options.lastPublishedAt,
      findSlot: slotFinder(account, options.ignoreTargetIds),
    });
    if (!due) {
      throw new VisibleError(
        "queue_full",
        `Every posting slot of ${account.displayName} in the next ${queueHorizonDays} days is taken. Add slots or pick a time.`,
        "schedule.mode",
      );
    }
    result.set(account.accountId, { dueAt: due.at, timeZone: account.timeZone, occurrence: 0 });
  }
  return result;
}
