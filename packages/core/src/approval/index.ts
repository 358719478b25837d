import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useActor, useWorkspace, withActor } from "../actor/index.ts";
import type { PostItem } from "../db/entities/post.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Event } from "../event/index.ts";
import { sendMail } from "../mail/index.ts";
import { takeMailAllowance } from "../mail/limits.ts";
import { usePorts } from "../ports.ts";
import { Post } from "../post/index.ts";
import { postStatus } from "../post/status.ts";
import { Target } from "../target/index.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import { deciderRole, lateTarget, statesAfter } from "./rules.ts";

/**
 * Approval: in a workspace that asks for it, editors' posts wait in a queue until an owner or
 * admin approves (they are scheduled) or rejects them with a comment (back to draft).
 */
export namespace Approval {
  export async function queue() {
    assertRole(deciderRole);
    const items = await db()
      .entities.post.query.awaitingApproval({ workspaceId: useWorkspace() })
      .go({ pages: "all", hydrate: true });
    return Promise.all(items.data.map(async (post) => Post.toInfo(await Post.load(post.postId))));
  }

  const Decision = z.object({
    postId: z.string(),
    comment: z.string().trim().max(2_000).optional(),
  });

  function waiting(post: PostItem): void {
    if (post.approval !== "pending") {
      throw new VisibleError("not_awaiting_approval", "This post is not waiting for approval.");
    }
  }

  /** A condition refused the decision: another approver decided, or a target moved on. */
  function decidedMeanwhile(): VisibleError {
    return new VisibleError(
      "changed_meanwhile",
      "This post changed while you were deciding (someone else approved, rejected or edited it). Reload it and decide again.",
    );
  }

  function deciderId(): string {
    const actor = useActor();
    return actor.type === "user" ? actor.userId : actor.type === "apikey" ? actor.keyId : actor.job;
  }

  /** Schedules every waiting target, each under a new version so its earlier message is stale. */
  export const approve = fn(Decision, async ({ postId, comment }) => {
    assertRole(deciderRole);
    const workspaceId = useWorkspace();
    const { post, targets } = await Post.load(postId);
    waiting(post);
    const waitingTargets = targets.filter((t) => t.state === "pending_approval");
    if (lateTarget(waitingTargets, Date.now())) {
      throw new VisibleError(
        "due_time_passed",
        "This post's time has passed while it waited. Reschedule it, then approve it.",
      );
    }
    const states = statesAfter(
      targets.map((t) => t.state),
      "approve",
    );
    const written = await Target.commit(
      ({ post: posts }) =>
        posts
          .patch({ workspaceId, postId })
          .set({
            approval: "approved",
            approvalRequestedAt: "",
            approvalDecidedBy: deciderId(),
            status: postStatus(states),
            ...(comment ? { approvalComment: comment } : {}),
          })
          .add({ version: 1 })
          .where((attr, op) => op.eq(attr.approval, "pending"))
          .commit(),
      waitingTargets.map((before) => ({ kind: "move", before, to: "scheduled" })),
    );
    if (!written) throw decidedMeanwhile();
    await decided("approval.approved", post, comment);
    const loaded = await Post.load(postId);
    await Activity.record({
      action: "post.approved",
      subjectType: "post",
      subjectId: postId,
      summary: comment ? `Approved: ${comment}` : "Approved the post",
    });
    return Post.toInfo(loaded);
  });

  export const RejectInput = z.object({
    postId: z.string(),
    comment: z.string().trim().min(1, "say what to change").max(2_000),
  });

  /** Sends the post back to its author as a draft, with the approver's comment. */
  export const reject = fn(RejectInput, async ({ postId, comment }) => {
    assertRole(deciderRole);
    const workspaceId = useWorkspace();
    const { post, targets } = await Post.load(postId);
    waiting(post);
    const waitingTargets = targets.filter((t) => t.state === "pending_approval");
    const states = statesAfter(
      targets.map((t) => t.state),
      "reject",
    );
    const written = await Target.commit(
      ({ post: posts }) =>
        posts
          .patch({ workspaceId, postId })
          .set({
            approval: "rejected",
            approvalRequestedAt: "",
            approvalComment: comment,
            approvalDecidedBy: deciderId(),
            status: postStatus(states),
          })
          .add({ version: 1 })
          .where((attr, op) => op.eq(attr.approval, "pending"))
          .commit(),
      waitingTargets.map((before) => ({ kind: "move", before, to: "draft" })),
    );
    if (!written) throw decidedMeanwhile();
    await decided("approval.rejected", post, comment);
    await Activity.record({
      action: "post.rejected",
      subjectType: "post",
      subjectId: postId,
      summary: `Rejected: ${comment}`,
    });
    await tellAuthor(
      post,
      "Your post needs changes",
      `Your post was sent back with this comment:\n\n${comment}\n\nEdit it and submit it again.`,
    );
    return Post.toInfo(await Post.load(postId));
  });

  /**
   * The due time came while the target still waited for approval: it is not published, it fails
   * with that reason, and the author is told. Called by the publish consumer.
   */
  export async function missed(target: TargetItem): Promise<boolean> {
    const { workspaceId, postId } = target;
    const failed = await Target.fail(
      target,
      {
        code: "approval_missed",
        message:
          "It was still waiting for approval when its time came. Reschedule it and ask an approver to approve it.",
      },
      ["pending_approval"],
    );
    if (!failed) return false;
    const { post, targets } = await Post.load(postId, workspaceId);
    await db()
      .entities.post.patch({ workspaceId, postId })
      .set({ status: postStatus(targets.map((t) => t.state)) })
      .go();
    await withActor({ type: "system", job: "publish", workspace: { workspaceId } }, () =>
      Activity.record({
        workspaceId,
        action: "post.approval_missed",
        subjectType: "post",
        subjectId: postId,
        summary: "Not published: it was still waiting for approval at its time",
      }),
    );
    await tellAuthor(
      post,
      "Your post was not published",
      "Its time came while it was still waiting for approval. Reschedule it and ask an approver to approve it.",
    );
    return true;
  }

  /** A decision on one request (named by the request's time, which the write required). */
  function decided(
    type: "approval.approved" | "approval.rejected",
    post: PostItem,
    comment: string | undefined,
  ) {
    return Event.record({
      workspaceId: post.workspaceId,
      type,
      cause: `${post.postId}@${post.approvalRequestedAt}`,
      data: {
        postId: post.postId,
        authorId: post.authorId,
        requestedAt: post.approvalRequestedAt,
        comment: comment ?? null,
      },
    });
  }

  async function tellAuthor(post: PostItem, subject: string, text: string): Promise<void> {
    const author = (await db().entities.user.get({ userId: post.authorId }).go()).data;
    if (!author) return;
    // The decision is already recorded; over the hourly mail limit the note is skipped (the
    // activity feed still shows it) rather than failing what was decided.
    const taken = await takeMailAllowance(author.email, post.workspaceId);
    if (taken.allowed) await sendMail({ to: author.email, subject, text, allowanceTaken: true });
  }
}
