import { unlessConditionFails } from "../db/condition.ts";
import type { EventItem } from "../db/entities/event.ts";
import { db } from "../db/service.ts";
import { logError, logInfo, logWarn } from "../log/index.ts";
import { usePorts } from "../ports.ts";
import { Event } from "./index.ts";

export interface FanoutSweepResult {
  /** Events whose fan-out had not run by their check time: their message was sent again. */
  resent: number;
  /** Events whose fan-out was sent again every time allowed and never ran: left to the DLQ. */
  abandoned: number;
  /** Events the sweep could not handle this run (a throttled write): tried next run. */
  errors: number;
}

/** Times the sweep sends one event's fan-out again before leaving it to the DLQ and its alarm. */
export const maxResends = 5;

/** The wait before the sweep looks at an event again after sending its fan-out: 2, 4, 8… min. */
function nextCheckMs(resends: number): number {
  return Event.fanoutGraceMs * 2 ** (resends - 1);
}

/**
 * The fan-out repair sweep (run with the reconcile cron, every minute): an event recorded whose
 * fan-out message was lost — a crash between the create and the send, or a message dropped —
 * is still in the fan-out check index past its check time. Its check time is moved on first (a
 * conditional write on the time read, so two sweeps cannot both send), then its fan-out is sent
 * again. The fan-out adds each notice, mail entry and webhook delivery once, so a fan-out that
 * had run after all (and not yet left the index) is harmless.
 */
export async function sweepFanouts(now = Date.now()): Promise<FanoutSweepResult> {
  const result: FanoutSweepResult = { resent: 0, abandoned: 0, errors: 0 };
  const nowIso = new Date(now).toISOString();
  for (let shard = 0; shard < Event.fanoutShards; shard += 1) {
    const due = await db()
      .entities.event.query.byFanoutCheck({ fanoutShard: String(shard) })
      .lt({ fanoutCheckAt: nowIso })
      // The index projects keys only: hydrate reads each event by its primary key.
      .go({ pages: "all", hydrate: true });
    for (const event of due.data) {
      // Hydrated from the table: a fan-out that finished since the index was read left it.
      if (!event.fanoutCheckAt || event.fanoutCheckAt >= nowIso) continue;
      try {
        const outcome = await resend(event, now);
        if (outcome) result[outcome] += 1;
      } catch (error) {
        // One event's failure must not stop the sweep for the others; it stays in the index.
        result.errors += 1;
        logWarn("the sweep could not send a fan-out again; the next run tries again", {
          workspaceId: event.workspaceId,
          eventId: event.eventId,
          error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
        });
      }
    }
  }
  if (Object.values(result).some(Boolean)) logInfo("swept lost fan-outs", { ...result });
  return result;
}

async function resend(event: EventItem, now: number): Promise<"resent" | "abandoned" | undefined> {
  const resends = event.fanoutSweeps + 1;
  const giveUp = resends > maxResends;
  const claimed = await unlessConditionFails(
    db()
      .entities.event.patch({ workspaceId: event.workspaceId, eventId: event.eventId })
      .set({
        fanoutCheckAt: giveUp ? "" : new Date(now + nextCheckMs(resends)).toISOString(),
        fanoutShard: event.fanoutShard,
      })
      .add({ fanoutSweeps: 1 })
      .where((attr, op) => op.eq(attr.fanoutCheckAt, event.fanoutCheckAt))
      .go(),
  );
  if (!claimed) return undefined;
  if (giveUp) {
    // Each of those fan-outs failed in the consumer: its messages are in the events DLQ, whose
    // alarm has fired; sending it again every minute would only add copies there.
    logError("an event's fan-out never ran; left to the events DLQ", {
      workspaceId: event.workspaceId,
      eventId: event.eventId,
      type: event.type,
    });
    return "abandoned";
  }
  await usePorts().events.send(
    { kind: "fanout", workspaceId: event.workspaceId, eventId: event.eventId },
    0,
  );
  return "resent";
}
