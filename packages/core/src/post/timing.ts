import { Account } from "../account/index.ts";
import type { AccountItem } from "../db/entities/account.ts";
import { VisibleError } from "../error/index.ts";
import { Schedule } from "../schedule/index.ts";
import { freeSlots, hasAnySlot, queueHorizonDays, type WeeklySlots } from "../schedule/slots.ts";

export interface Due {
  dueAt: string;
  timeZone: string;
  occurrence: number;
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
  const result = new Map<string, Due>();
  if (intent.mode === "draft") return result;

  if (intent.mode === "now" || intent.mode === "at" || intent.mode === "recurring") {
    const first = intent.mode === "recurring" ? Schedule.firstOccurrence(intent, now) : undefined;
    const dueAt = first?.at ?? Schedule.instantOf(intent, now) ?? "";
    const timeZone = intent.mode === "now" ? options.workspaceZone : intent.timeZone;
    const occurrence = first?.index ?? 0;
    for (const account of accounts) result.set(account.accountId, { dueAt, timeZone, occurrence });
    return result;
  }

  // Queue and evergreen: the account's own slots, after any minimum gap since it last went out.
  let after = now;
  if (intent.mode === "evergreen" && options.lastPublishedAt) {
    const gapEnd = Date.parse(options.lastPublishedAt) + intent.minGapDays * 86_400_000;
    if (gapEnd > after.getTime()) after = new Date(gapEnd);
  }
  for (const account of accounts) {
    const slots = account.slots as WeeklySlots;
    if (!hasAnySlot(slots)) {
      throw new VisibleError(
        "no_posting_slots",
        `${account.displayName} (${account.network}) has no posting slots yet. Add some in its queue settings, or pick a time.`,
        "schedule.mode",
      );
    }
    const horizon = new Date(after.getTime() + queueHorizonDays * 86_400_000).toISOString();
    const taken = (await Account.targetsBetween(account.accountId, after.toISOString(), horizon))
      .filter((t) => !options.ignoreTargetIds?.has(t.targetId) && t.state !== "canceled" && t.dueAt)
      .map((t) => t.dueAt as string);
    const [slot] = freeSlots(slots, account.timeZone, after.toISOString(), taken, 1);
    if (!slot) {
      throw new VisibleError(
        "queue_full",
        `Every posting slot of ${account.displayName} in the next ${queueHorizonDays} days is taken. Add slots or pick a time.`,
        "schedule.mode",
      );
    }
    result.set(account.accountId, { dueAt: slot, timeZone: account.timeZone, occurrence: 0 });
  }
  return result;
}
