import { Activity } from "../activity/index.ts";
import { assertRole, useActor, useWorkspace, withActor } from "../actor/index.ts";
import type { PostItem } from "../db/entities/post.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { sendMail } from "../mail/index.ts";
import { takeMailAllowance } from "../mail/limits.ts";
import { usePorts } from "../ports.ts";
import { Post } from "../post/index.ts";
import { postStatus } from "../post/status.ts";
import { fn } from "../util/fn.ts";
import { z } from "../util/zod.ts";

/**
 * Approval: in a workspace that asks for it, editors' posts wait in a queue until an owner or
 * admin approves (they are scheduled) or rejects them with a comment (back to draft).
 */
export namespace Approval {
  export async function queue() {
    assertRole("admin");
    const items = await db()
      .entities.post.query.awaitingApproval({ workspaceId: useWorkspace() })
      .go({ pages: "all" });
    return Promise.all(items.data.map(async (post) => Post.toInfo(await Post.load(post.postId))));
  }

  const Decision = z.object({
    postId: z.string(),
    comment: z.string().trim().max(2_000).optional(),
  });

  function waiting(post: PostItem): void {
    if (post.approval !== "pending") {
      throw new VisibleError(
        "conflict",
        "not_awaiting_approval",
        "This post is not waiting for approval.",
      );
    }
  }

  function deciderId(): string {
    const actor = useActor();
    return actor.type === "user" ? actor.userId : actor.type === "apikey" ? actor.keyId : actor.job;
  }

  /** Schedules every waiting target, each under a new version so its earlier message is stale. */
  export const approve = fn(Decision, async ({ postId, comment }) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const { post, targets } = await Post.load(postId);
    waiting(post);
    const waitingTargets = targets.filter((t) => t.state === "pending_approval");
    const late = waitingTargets.find((t) => t.dueAt && Date.parse(t.dueAt) < Date.now() - 60_000);
    if (late) {
      throw new VisibleError(
        "conflict",
        "due_time_passed",
        "This post's time has passed while it waited. Reschedule it, then approve it.",
      );
    }
    const { scheduler } = usePorts();
    await Promise.all(
      waitingTargets.map((t) =>
        scheduler.cancel({ workspaceId, targetId: t.targetId, version: t.version }),
      ),
    );
    const states = targets.map((t) => (t.state === "pending_approval" ? "scheduled" : t.state));
    await db()
      .transaction.write(({ post: posts, target }) => [
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
        ...waitingTargets.map((t) =>
          target
            .patch({ workspaceId, postId, targetId: t.targetId })
            .set({ state: "scheduled" })
            .add({ version: 1 })
            .commit(),
        ),
      ])
      .go();
    const loaded = await Post.load(postId);
    await Promise.all(
      loaded.targets
        .filter((t) => t.state === "scheduled" && t.dueAt)
        .map((t) =>
          scheduler.schedule({
            workspaceId,
            targetId: t.targetId,
            version: t.version,
            dueAt: t.dueAt as string,
          }),
        ),
    );
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
    assertRole("admin");
    const workspaceId = useWorkspace();
    const { post, targets } = await Post.load(postId);
    waiting(post);
    const waitingTargets = targets.filter((t) => t.state === "pending_approval");
    const { scheduler } = usePorts();
    await Promise.all(
      waitingTargets.map((t) =>
        scheduler.cancel({ workspaceId, targetId: t.targetId, version: t.version }),
      ),
    );
    const states = targets.map((t) => (t.state === "pending_approval" ? "draft" : t.state));
    await db()
      .transaction.write(({ post: posts, target }) => [
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
        ...waitingTargets.map((t) =>
          target
            .patch({ workspaceId, postId, targetId: t.targetId })
            .set({ state: "draft" })
            .add({ version: 1 })
            .commit(),
        ),
      ])
      .go();
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
  export async function missed(target: TargetItem): Promise<void> {
    const { workspaceId, postId, targetId } = target;
    await db()
      .entities.target.patch({ workspaceId, postId, targetId })
      .set({
        state: "failed",
        errorCode: "approval_missed",
        errorMessage:
          "It was still waiting for approval when its time came. Reschedule it and ask an approver to approve it.",
      })
      .where(
        (attr, op) =>
          `${op.eq(attr.state, "pending_approval")} AND ${op.eq(attr.version, target.version)}`,
      )
      .go();
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
