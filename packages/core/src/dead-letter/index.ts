import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import type { DeadLetterItem } from "../db/entities/dead-letter.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Event } from "../event/index.ts";
import { logWarn } from "../log/index.ts";
import { type PublishMessage, usePorts } from "../ports.ts";
import { postIdOf } from "../post/ids.ts";
import { publishDelivery } from "../publish/delivery.ts";
import { readPublishMessage } from "../publish/message.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";

/** Publish messages that ended in the DLQ, per workspace, with a redrive. */
export namespace DeadLetter {
  export const Info = z.object({
    id: z.string(),
    receivedAt: z.string(),
    targetId: z.string(),
    postId: z.string().nullable(),
    version: z.number(),
    reason: z.string(),
    /** How often the publish queue handed it to the consumer; 0 when it never could. */
    receiveCount: z.number(),
    /** When the consumer last failed it, when known. */
    lastErrorAt: z.string().nullable(),
  });
  export type Info = z.infer<typeof Info>;

  /** How long a failure note is kept: as long as the DLQ keeps the message it explains. */
  const noteDays = 14;

  /**
   * Records why the consumer failed a message, with the queue's receive count, so the
   * dead-letter entry can say it if SQS later parks the message. Each failure overwrites the
   * last: the entry tells the last error and when.
   */
  export async function noteFailure(input: {
    workspaceId: string;
    targetId: string;
    version: number;
    receiveCount: number;
    error: unknown;
  }): Promise<void> {
    const failedAt = new Date().toISOString();
    await db()
      .entities.deliveryFailure.put({
        workspaceId: input.workspaceId,
        targetId: input.targetId,
        version: input.version,
        receiveCount: input.receiveCount,
        error: describeError(input.error),
        failedAt,
        expiresAt: Math.floor(Date.now() / 1000) + noteDays * 86_400,
      })
      .go();
  }

  function describeError(error: unknown): string {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return text.length > 500 ? `${text.slice(0, 499)}…` : text;
  }

  type Received = Awaited<
    ReturnType<ReturnType<typeof usePorts>["deadLetters"]["receive"]>
  >[number];

  /** What the entry says: the consumer's last error, the scheduler's, or what SQS tells. */
  async function explain(
    message: Received,
    parsed: PublishMessage,
  ): Promise<{ reason: string; receiveCount: number; lastErrorAt?: string }> {
    const schedulerError = [message.attributes.ERROR_CODE, message.attributes.ERROR_MESSAGE]
      .filter(Boolean)
      .join(": ");
    if (schedulerError) {
      return {
        reason: `At its time, Cadence could not hand this post over for publishing (the scheduler said: ${schedulerError}).`,
        receiveCount: 0,
      };
    }
    const note = (
      await db()
        .entities.deliveryFailure.get({
          workspaceId: parsed.workspaceId,
          targetId: parsed.targetId,
          version: parsed.version,
        })
        .go()
    ).data;
    if (note) {
      return {
        reason: `Cadence tried to publish this post ${times(note.receiveCount)} and stopped each time on an error of its own, not the network's (the last: ${note.error}).`,
        receiveCount: note.receiveCount,
        lastErrorAt: note.failedAt,
      };
    }
    if (message.sourceQueueArn) {
      // SQS moves a message only after maxReceiveCount receives; none of them reported an
      // error, so the consumer timed out or stopped before it could.
      return {
        reason: `Cadence started publishing this post ${times(publishDelivery.maxReceiveCount)} and never finished: each attempt ran out of time or stopped before it could say why.`,
        receiveCount: publishDelivery.maxReceiveCount,
      };
    }
    return {
      reason: "This post was set aside before Cadence ever tried to publish it.",
      receiveCount: 0,
    };
  }

  function times(count: number): string {
    return count === 1 ? "once" : `${count} times`;
  }

  /** Moves everything in the DLQ into its workspace's list (bounded per call). */
  export async function drain(maxBatches = 20): Promise<number> {
    const { deadLetters } = usePorts();
    let moved = 0;
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const messages = await deadLetters.receive();
      if (messages.length === 0) break;
      for (const message of messages) {
        const parsed = readPublishMessage(message.body);
        if (parsed) {
          const receivedAt = new Date().toISOString();
          const explained = await explain(message, parsed);
          await db()
            .entities.deadLetter.put({
              workspaceId: parsed.workspaceId,
              deadLetterId: newId("dlq"),
              receivedAt,
              targetId: parsed.targetId,
              version: parsed.version,
              ...explained,
              expiresAt: Math.floor(Date.now() / 1000) + 30 * 86_400,
            })
            .go();
          // Named by the SQS message: a drain that receives it again records no second event.
          await Event.record({
            workspaceId: parsed.workspaceId,
            type: "publish.dead_lettered",
            cause: message.messageId,
            data: {
              targetId: parsed.targetId,
              postId: postIdOf(parsed.targetId) ?? null,
              reason: explained.reason,
            },
          });
          moved += 1;
        } else {
          logWarn("dropped a dead letter that is not a publish message", {
            messageId: message.messageId,
          });
        }
        await deadLetters.remove(message.handle);
      }
    }
    return moved;
  }

  function toInfo(item: DeadLetterItem): Info {
    return {
      id: item.deadLetterId,
      receivedAt: item.receivedAt,
      targetId: item.targetId,
      postId: postIdOf(item.targetId) ?? null,
      version: item.version,
      reason: item.reason,
      receiveCount: item.receiveCount,
      lastErrorAt: item.lastErrorAt ?? null,
    };
  }

  export async function list(): Promise<Info[]> {
    assertRole("admin");
    await drain();
    const items = await db()
      .entities.deadLetter.query.byWorkspace({ workspaceId: useWorkspace() })
      .go({ order: "desc", pages: "all" });
    return items.data.map(toInfo);
  }

  export const RedriveInput = z.object({ deadLetterId: z.string().min(1).max(64) });

  /** Sends the message to the publish queue again; the consumer's version check keeps it safe. */
  export const redrive = fn(RedriveInput, async ({ deadLetterId }) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const items = await db()
      .entities.deadLetter.query.byWorkspace({ workspaceId })
      .where((attr, op) => op.eq(attr.deadLetterId, deadLetterId))
      .go({ pages: "all" });
    const item = items.data[0];
    if (!item)
      throw new VisibleError(
        "dead_letter_not_found",
        "There is no such dead message in this workspace.",
      );
    await usePorts().queue.send({ workspaceId, targetId: item.targetId, version: item.version }, 0);
    await db()
      .entities.deadLetter.delete({ workspaceId, receivedAt: item.receivedAt, deadLetterId })
      .go();
    await Activity.record({
      action: "dead_letter.redriven",
      subjectType: "target",
      subjectId: item.targetId,
      summary: "Sent a dead publish message back to the queue",
    });
    return toInfo(item);
  });
}
