import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { nextRun } from "./next-run.ts";

// Against DynamoDB Local: the evergreen run reads the account's slots and its other targets.
const daily = (time: string) =>
  Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((day) => [day, [time]]));

async function accountWith(slots: Record<string, string[]>, timeZone = "UTC") {
  const workspaceId = `ws_next_${randomUUID()}`;
  const accountId = `acc_next_${randomUUID()}`;
  await db()
    .entities.account.create({
      workspaceId,
      accountId,
      network: "mastodon",
      externalId: accountId,
      handle: "next",
      displayName: "Next",
      timeZone,
      slots,
    })
    .go();
  return { workspaceId, accountId };
}

async function targetAt(
  owner: { workspaceId: string; accountId: string },
  dueAt: string,
  occurrence = 0,
): Promise<TargetItem> {
  const postId = `post_${randomUUID()}`;
  const created = await db()
    .entities.target.create({
      ...owner,
      postId,
      targetId: `tgt_${postId}_0`,
      network: "mastodon",
      state: "scheduled",
      dueAt,
      dueMonth: dueAt.slice(0, 7),
      occurrence,
    })
    .go();
  return created.data as TargetItem;
}

// The gap and taken slots are in next-run.test.ts; these are the other edges.
describe("an evergreen post's next run", () => {
  // Far ahead, so "now" never overtakes the committed due time.
  const committed = "2031-03-03T09:00:00Z";

  it("does not count the target's own slot as taken", async () => {
    const account = await accountWith({ "4": ["09:00"] }); // Thursdays only
    const target = await targetAt(account, "2031-03-06T09:00:00Z"); // a Thursday
    const next = await nextRun(target, { mode: "evergreen", minGapDays: 1 });
    expect(next?.dueAt).toBe("2031-03-13T09:00:00Z");
  });

  it("follows the account's wall clock: 09:00 in New York is 13:00 UTC after the March change", async () => {
    const account = await accountWith(daily("09:00"), "America/New_York");
    const target = await targetAt(account, "2031-03-07T14:00:00Z"); // 09:00 EST, a Friday
    const next = await nextRun(target, { mode: "evergreen", minGapDays: 2 });
    expect(next?.dueAt).toBe("2031-03-10T13:00:00Z");
  });

  it("has no next run when the account has no slots or is gone", async () => {
    const empty = await accountWith({});
    expect(
      await nextRun(await targetAt(empty, committed), { mode: "evergreen", minGapDays: 1 }),
    ).toBeUndefined();
    const gone = { workspaceId: `ws_next_${randomUUID()}`, accountId: `acc_gone_${randomUUID()}` };
    expect(
      await nextRun(await targetAt(gone, committed), { mode: "evergreen", minGapDays: 1 }),
    ).toBeUndefined();
  });
});

describe("a recurring post's next run", () => {
  it("is the occurrence after the committed one, not the next after now", async () => {
    const account = await accountWith({});
    const target = await targetAt(account, "2031-01-06T09:00:00Z", 0);
    const intent = {
      mode: "recurring" as const,
      start: "2031-01-06T09:00",
      timeZone: "UTC",
      rrule: "FREQ=WEEKLY;COUNT=3",
    };
    expect(await nextRun(target, intent)).toEqual({
      dueAt: "2031-01-13T09:00:00Z",
      occurrence: 1,
    });
    const last = await targetAt(account, "2031-01-20T09:00:00Z", 2);
    expect(await nextRun(last, intent)).toBeUndefined();
  });

  it("a one-time post has no next run", async () => {
    const account = await accountWith({});
    const target = await targetAt(account, "2031-01-06T09:00:00Z");
    expect(
      await nextRun(target, { mode: "at", at: "2031-01-06T09:00", timeZone: "UTC" }),
    ).toBeUndefined();
  });
});
