/**
 * What several screens do with a post: retry what failed, approve or send back, move it to
 * another time with an Undo, and say in words when it goes out and what to do about a failure.
 */
import { ApiError, client, ok } from "./api.ts";
import { h } from "./dom.ts";
import { field, formDialog } from "./form-dialog.ts";
import { networkName } from "./networks.ts";
import type { Account, Post, ScheduleIntent, Target } from "./posts.ts";
import { at } from "./posts.ts";
import { fromRrule, sentence } from "./recurrence.ts";
import { timeElement } from "./time.ts";
import { offerUndo } from "./undo.ts";
import { formatClock, formatDay, localDateTime } from "./zoned.ts";

/** Publishes one failed or needs-review account of a post again, now; the others stay as they are. */
export async function retryNow(
  workspaceId: string,
  postId: string,
  targetId: string,
): Promise<Post> {
  const { data } = await ok(
    client.POST("/workspaces/{workspaceId}/posts/{postId}/targets/{targetId}/retry", {
      params: { path: { workspaceId, postId, targetId } },
    }),
  );
  return data;
}

export async function approve(workspaceId: string, post: Post): Promise<Post> {
  const path = { workspaceId, postId: post.id };
  return (
    await ok(
      client.POST("/workspaces/{workspaceId}/posts/{postId}/approve", {
        params: { path },
        body: {},
      }),
    )
  ).data;
}

/** Asks for the comment a rejection needs, and sends the post back. */
export function reject(workspaceId: string, post: Post): Promise<boolean> {
  return formDialog({
    title: "Send back for changes",
    message: "The author sees your comment with the post, changes it and sends it again.",
    fields: [
      field({
        label: "What should change?",
        name: "comment",
        multiline: true,
        attributes: { maxlength: 2000, required: true },
      }),
    ],
    confirmLabel: "Send back",
    busyLabel: "Sending…",
    action: async (values) => {
      await ok(
        client.POST("/workspaces/{workspaceId}/posts/{postId}/reject", {
          params: { path: { workspaceId, postId: post.id } },
          body: { comment: values.comment ?? "" },
        }),
      );
    },
  });
}

/** When a post goes out, in words, with instants as <time> elements. */
export function describeSchedule(post: Post, zone: string): (Node | string)[] {
  const intent = post.schedule;
  const firstDue = post.targets
    .map((t) => t.dueAt)
    .filter((due): due is string => Boolean(due))
    .sort()[0];
  if (post.paused) return ["Paused: nothing goes out until it is resumed."];
  switch (intent.mode) {
    case "draft":
      return ["Not scheduled: a draft."];
    case "now":
      return firstDue
        ? ["Published right away, at ", timeElement(firstDue, zone), "."]
        : ["Right away."];
    case "at":
      return firstDue ? ["Once, at ", timeElement(firstDue, intent.timeZone), "."] : ["Once."];
    case "queue":
      return [
        "In each account's next free posting slot",
        ...(firstDue ? [" (first ", timeElement(firstDue, zone), ")"] : []),
        ".",
      ];
    case "recurring": {
      const rule = fromRrule(intent.rrule, intent.start, intent.timeZone);
      return [
        ...(rule
          ? [`${sentence(rule)}, from ${formatDay(rule.startDate, { year: "numeric" })}`]
          : ["Repeats by a custom rule ", h("code", null, intent.rrule), ` (${intent.timeZone})`]),
        ...(firstDue ? ["; next ", timeElement(firstDue, intent.timeZone)] : []),
        ".",
      ];
    }
    case "evergreen":
      return [`Evergreen: comes back at most every ${intent.minGapDays} days, in posting slots.`];
  }
}

/** A failed or unclear target: what happened and what to do next. */
export function whatToDo(target: Target, account: Account | undefined): string {
  const network = networkName(target.network);
  if (account && account.status !== "active") {
    return `${target.error?.message ?? "Publishing failed."} Reconnect ${at(account.handle)} on the Accounts page, then retry.`;
  }
  if (target.state === "needs_review") {
    return `Cadence could not tell whether this went out on ${network}. Look at the account there: if the post is there, leave it; if not, retry.`;
  }
  return (
    target.error?.message ??
    `${network} did not take the post. Retry, or edit it and schedule it again.`
  );
}

/**
 * Moves a post to a local date and time in `zone` and offers to move it back. A post that
 * repeats or waits in a queue keeps its rule: moving it would replace the rule with one time.
 */
export async function moveTo(
  workspaceId: string,
  postId: string,
  date: string,
  time: string,
  zone: string,
  previousDueAt: string,
  afterwards: (post: Post) => void,
): Promise<Post> {
  const path = { workspaceId, postId };
  const { data: current } = await ok(
    client.GET("/workspaces/{workspaceId}/posts/{postId}", { params: { path } }),
  );
  if (current.schedule.mode === "recurring" || current.schedule.mode === "evergreen") {
    throw new ApiError(
      409,
      "post_repeats",
      current.schedule.mode === "recurring"
        ? "This post repeats. Change its rule in the editor to move it."
        : "This post is evergreen and follows the posting slots. Change it in the editor to move it.",
    );
  }
  const before = localDateTime(previousDueAt, zone);
  const previous: ScheduleIntent =
    current.schedule.mode === "at"
      ? current.schedule
      : { mode: "at", at: `${before.date}T${before.time}`, timeZone: zone };
  const { data: moved } = await ok(
    client.POST("/workspaces/{workspaceId}/posts/{postId}/schedule", {
      params: { path },
      body: {
        schedule: { mode: "at", at: `${date}T${time}`, timeZone: zone },
        version: current.version,
      },
    }),
  );
  afterwards(moved);
  offerUndo(
    `Moved to ${formatDay(date, { weekday: "short", month: "short" })}, ${formatClock(time)}.`,
    async () => {
      const { data: back } = await ok(
        client.POST("/workspaces/{workspaceId}/posts/{postId}/schedule", {
          params: { path },
          body: { schedule: previous, version: moved.version },
        }),
      );
      afterwards(back);
    },
  );
  return moved;
}

/** Posts whose every target can still change (see packages/core post/status.ts). */
export function editable(post: Post): boolean {
  return post.targets.every((t) =>
    ["draft", "pending_approval", "scheduled", "failed", "canceled"].includes(t.state),
  );
}
