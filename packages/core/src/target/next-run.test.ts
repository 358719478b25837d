import { describe, expect, it } from "vitest";
import type { targetStates } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { targetIdFor } from "../post/ids.ts";
import { newId } from "../util/id.ts";
import { nextRun } from "./next-run.ts";

const daily = (time: string) =>
  Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [time]]));

/** A Berlin account with a 08:00 slot every day, in a workspace of its own. */
async function berlinAccount() {
  const workspaceId = newId("ws");
  const accountId = newId("acc");
  await db()
    .entities.account.create({
      workspaceId,
      accountId,
      network: "mastodon",
      externalId: accountId,
      handle: "evergreen",
      displayName: "Evergreen",
      timeZone: "Europe/Berlin",
      slots: daily("08:00"),
    })
    .go();
  return { workspaceId, accountId };
}

async function target(
  account: { workspaceId: string; accountId: string },
  state: (typeof targetStates)[number],
  dueAt: string,
) {
  const postId = newId("post");
  const created = await db()
    .entities.target.create({
      ...account,
      postId,
      targetId: targetIdFor(postId, 0),
      network: "mastodon",
      state,
      dueAt,
      dueMonth: dueAt.slice(0, 7),
      preview: "An evergreen post",
    })
    .go();
  return created.data;
}

// Far ahead, so "now" never decides: the gap does.
const lastOut = "2031-05-05T06:00:00Z"; // 08:00 CEST
const evergreen = { mode: "evergreen" as const, minGapDays: 3 };

describe("an evergreen post's next run", () => {
  it("takes the slot exactly the gap later, and the next one when that slot is taken", async () => {
    const account = await berlinAccount();
    const published = await target(account, "published", lastOut);
    expect(await nextRun(published, evergreen)).toEqual({
      dueAt: "2031-05-08T06:00:00Z",
      occurrence: published.occurrence + 1,
    });
    await target(account, "scheduled", "2031-05-08T06:00:00Z");
    expect((await nextRun(published, evergreen))?.dueAt).toBe("2031-05-09T06:00:00Z");
  });

  it("a canceled post does not hold its slot: first runs and repeats agree", async () => {
    // The repeat used to count every target in the window, canceled ones too, while a first
    // run skipped canceled ones; both now find slots the same way.
    const account = await berlinAccount();
    const published = await target(account, "published", lastOut);
    await target(account, "canceled", "2031-05-08T06:00:00Z");
    expect((await nextRun(published, evergreen))?.dueAt).toBe("2031-05-08T06:00:00Z");
  });

  it("stops when the account is gone, and a one-time post never repeats", async () => {
    const account = await berlinAccount();
    const published = await target(account, "published", lastOut);
    await db().entities.account.delete(account).go();
    expect(await nextRun(published, evergreen)).toBeUndefined();
    expect(await nextRun(published, { mode: "queue" })).toBeUndefined();
    expect(
      await nextRun(published, { mode: "at", at: "2031-05-05T08:00", timeZone: "UTC" }),
    ).toBeUndefined();
  });
});
