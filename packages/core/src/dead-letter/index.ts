import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import type { DeadLetterItem } from "../db/entities/dead-letter.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logWarn } from "../log/index.ts";
import { usePorts } from "../ports.ts";
import { postIdOf } from "../post/ids.ts";
import { readPublishMessage } from "../publish/message.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import { z } from "../util/zod.ts";

/** Publish messages that ended in the DLQ, per workspace, with a redrive. */
export namespace DeadLetter {
  export const Info = z.object({
    id: z.string(),
    receivedAt: z.string(),
    targetId: z.string(),
    postId: z.string().nullable(),
    version: z.number(),
    reason: z.string(),
    receiveCount: z.number(),
  });
  export type Info = z.infer<typeof Info>;

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
          await db()
            .entities.deadLetter.put({
              workspaceId: parsed.workspaceId,
              deadLetterId: newId("dlq"),
              receivedAt,
              targetId: parsed.targetId,
              version: parsed.version,
              reason:
                [message.attributes.ERROR_CODE, message.attributes.ERROR_MESSAGE]
                  .filter(Boolean)
                  .join(": ") || `The publish consumer failed it ${message.receiveCount} times.`,
              receiveCount: message.receiveCount,
              expiresAt: Math.floor(Date.now() / 1000) + 30 * 86_400,
            })
            .go();
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
        "not_found",
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
