import type { TargetItem } from "../db/entities/target.ts";
import { VisibleError } from "../error/index.ts";
import { versionConflict } from "../workspace/index.ts";
import { editableStates } from "./status.ts";

type TargetState = Pick<TargetItem, "state" | "network">;

/** A target being published cannot change: the network call is under way. */
export function beingPublished(target: Pick<TargetItem, "network">): VisibleError {
  return new VisibleError(
    "post_publishing",
    `This post is being published to ${target.network} right now, so it can no longer be changed, paused, canceled or deleted. Try again in a minute: once it has gone out, duplicate it to post a changed version.`,
  );
}

/** The first target being published, as the refusal to change the post; else undefined. */
export function publishingRefusal(targets: TargetState[]): VisibleError | undefined {
  const publishing = targets.find((t) => t.state === "publishing");
  return publishing ? beingPublished(publishing) : undefined;
}

/**
 * Why an edit made against `expectedVersion` cannot go ahead, checked in the order a person
 * can act on: someone else's change first (reload), then a publish under way (wait), then a
 * target that has already gone out (duplicate instead). Undefined when the edit may proceed;
 * the write itself is still conditional on the version.
 */
export function editRefusal(
  post: { version: number },
  targets: TargetState[],
  expectedVersion: number,
): VisibleError | undefined {
  if (post.version !== expectedVersion) return versionConflict("post", post.version);
  const publishing = publishingRefusal(targets);
  if (publishing) return publishing;
  const locked = targets.find((t) => !editableStates.includes(t.state));
  if (!locked) return undefined;
  return new VisibleError(
    "post_not_editable",
    `This post is already ${locked.state} on ${locked.network}; duplicate it to post a changed version.`,
  );
}
