import type { TargetItem } from "../db/entities/target.ts";
import { Event, type EventType } from "../event/index.ts";
import type { Change } from "./effects.ts";

/** Codes of a target that failed because its time passed while it could not go out. */
const missedCodes = new Set(["missed_window", "approval_missed"]);

/** The post event a committed target change makes, if any. */
export function eventOf({ before, after }: Change): EventType | undefined {
  if (!after) return undefined;
  const was = before?.state;
  if (after.publishedAt && after.publishedAt !== before?.publishedAt) return "post.published";
  if (after.state === was) return undefined;
  switch (after.state) {
    case "scheduled":
      // A retry or a recurring post's next run is not news: it was scheduled already.
      return was === "publishing" ? undefined : "post.scheduled";
    case "failed":
      return missedCodes.has(after.errorCode ?? "") ? "post.missed" : "post.failed";
    case "needs_review":
      return "post.needs_review";
    default:
      return undefined;
  }
}

/**
 * Records the events of committed target changes. The cause is the target and the version the
 * write left it at (every transition is one conditional write on state and version), so a
 * repeated write cannot record a second event.
 */
export async function recordTargetEvents(changes: Change[]): Promise<void> {
  await Promise.all(
    changes.map((change) => {
      const type = eventOf(change);
      const after = change.after as TargetItem;
      if (!type) return undefined;
      return Event.record({
        workspaceId: after.workspaceId,
        type,
        cause: `${after.targetId}@${after.version}@${after.publishedAt ?? ""}`,
        data: {
          postId: after.postId,
          targetId: after.targetId,
          accountId: after.accountId,
          network: after.network,
          state: after.state,
          dueAt: after.dueAt || null,
          url: after.url || null,
          error: after.errorCode
            ? { code: after.errorCode, message: after.errorMessage ?? "" }
            : null,
        },
      });
    }),
  );
}
