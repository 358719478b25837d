import type { TargetItem } from "../db/entities/target.ts";

/**
 * A post's status, derived from its targets: what needs attention first (review, failure),
 * then what is moving (publishing, scheduled, waiting), then what is done.
 */
export function postStatus(states: TargetItem["state"][]): string {
  const live: TargetItem["state"][] = states.filter((s) => s !== "canceled");
  if (live.length === 0) return states.length ? "canceled" : "draft";
  const has = (state: TargetItem["state"]) => live.includes(state);
  if (has("needs_review")) return "needs_review";
  if (has("failed")) return live.some((s) => s === "published") ? "partially_failed" : "failed";
  if (has("publishing")) return "publishing";
  if (has("scheduled")) return has("published") ? "partially_published" : "scheduled";
  if (has("pending_approval")) return "pending_approval";
  if (has("held")) return "held";
  if (live.every((s) => s === "published")) return "published";
  return "draft";
}

/** States a target can be edited or rescheduled from. */
export const editableStates: TargetItem["state"][] = [
  "draft",
  "pending_approval",
  "scheduled",
  "failed",
  "canceled",
];
