import { Activity } from "../activity/index.ts";
import { withActor } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import { leaseShards, type TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { adapterFor } from "../network/index.ts";
import type { Overrides } from "../post/schema.ts";
import { Publish } from "./index.ts";
import { afterSuccess } from "./settle.ts";

/**
 * Targets left `publishing` past their lease: a worker died between calling the network and
 * recording the result. Where the network can look the post up (by idempotency key or among
 * recent posts) it is recorded as published; otherwise it is marked `needs_review` — never
 * posted a second time blindly.
 */
export async function reconcile(
  now = Date.now(),
): Promise<{ published: number; needsReview: number }> {
  let published = 0;
  let needsReview = 0;
  for (let shard = 0; shard < leaseShards; shard += 1) {
    const stuck = await db()
      .entities.target.query.byLease({ leaseShard: String(shard) })
      .lt({ leaseUntil: new Date(now).toISOString() })
      .go({ pages: "all", hydrate: true });
    for (const target of stuck.data.filter((t) => t.state === "publishing")) {
      const found = await withActor(
        { type: "system", job: "reconcile", workspace: { workspaceId: target.workspaceId } },
        () => lookUp(target),
      );
      if (found === "published") published += 1;
      else needsReview += 1;
    }
  }
  if (published || needsReview) logInfo("reconciled stuck targets", { published, needsReview });
  return { published, needsReview };
}

async function lookUp(target: TargetItem): Promise<"published" | "needs_review"> {
  const claimedAt = new Date(
    Date.parse(target.leaseUntil) - Publish.leaseMs - 60_000,
  ).toISOString();
  try {
    const adapter = adapterFor(target.network);
    if (adapter.findPost) {
      const post = (
        await db()
          .entities.post.get({ workspaceId: target.workspaceId, postId: target.postId })
          .go()
      ).data;
      const account = (
        await db()
          .entities.account.get({ workspaceId: target.workspaceId, accountId: target.accountId })
          .go()
      ).data;
      const tokens = await Credential.tokensFor(target.workspaceId, target.accountId);
      const found = await adapter.findPost({
        tokens,
        accountId: account?.externalId ?? "",
        idempotencyKey: `${target.targetId}-o${target.occurrence}`,
        text: (target.overrides as Overrides).text ?? post?.text ?? "",
        since: claimedAt,
      });
      if (found && post) {
        await afterSuccess(target, found, Date.now(), post);
        return "published";
      }
    }
  } catch (error) {
    logWarn("could not look a stuck target up on its network", {
      targetId: target.targetId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  const { workspaceId, postId, targetId } = target;
  await db()
    .entities.target.patch({ workspaceId, postId, targetId })
    .set({
      state: "needs_review",
      leaseUntil: "",
      leaseShard: target.leaseShard,
      errorCode: "outcome_unknown",
      errorMessage: `Cadence lost track of this post while publishing to ${target.network}. Check the account: if the post is not there, retry it.`,
    })
    .where(
      (attr, op) => `${op.eq(attr.state, "publishing")} AND ${op.eq(attr.version, target.version)}`,
    )
    .go()
    .catch(() => undefined);
  await Activity.record({
    workspaceId,
    action: "target.needs_review",
    subjectType: "post",
    subjectId: postId,
    summary: `Publishing to ${target.network} may or may not have happened; it needs a look`,
  });
  return "needs_review";
}
