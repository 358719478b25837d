import { describe, expect, it } from "vitest";
import type { TargetItem } from "../db/entities/target.ts";
import { eventOf } from "./events.ts";

const target = (fields: Partial<TargetItem>) =>
  ({ targetId: "tgt_a_0", version: 1, state: "scheduled", ...fields }) as TargetItem;

describe("the post event a committed target change makes", () => {
  it("a new or approved target that waits for its time is scheduled; a retry is not news", () => {
    expect(eventOf({ after: target({ state: "scheduled" }) })).toBe("post.scheduled");
    expect(
      eventOf({
        before: target({ state: "pending_approval" }),
        after: target({ state: "scheduled" }),
      }),
    ).toBe("post.scheduled");
    expect(
      eventOf({ before: target({ state: "publishing" }), after: target({ state: "scheduled" }) }),
    ).toBeUndefined();
  });

  it("tells a failure from a missed time, and a held outcome for review", () => {
    const publishing = target({ state: "publishing" });
    expect(
      eventOf({
        before: publishing,
        after: target({ state: "failed", errorCode: "content_rejected" }),
      }),
    ).toBe("post.failed");
    expect(
      eventOf({
        before: target({}),
        after: target({ state: "failed", errorCode: "missed_window" }),
      }),
    ).toBe("post.missed");
    expect(
      eventOf({
        before: target({ state: "pending_approval" }),
        after: target({ state: "failed", errorCode: "approval_missed" }),
      }),
    ).toBe("post.missed");
    expect(eventOf({ before: publishing, after: target({ state: "needs_review" }) })).toBe(
      "post.needs_review",
    );
  });

  it("each publish of a recurring post is published, though it is scheduled again", () => {
    const before = target({ state: "publishing", publishedAt: "2026-12-01T10:00:00Z" });
    const after = target({ state: "scheduled", version: 2, publishedAt: "2026-12-02T10:00:00Z" });
    expect(eventOf({ before, after })).toBe("post.published");
    expect(eventOf({ before: after, after })).toBeUndefined();
  });
});
