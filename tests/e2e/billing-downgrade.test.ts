import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, type Person, signUp } from "../support/api.ts";
import { onPlan } from "../support/billing.ts";

type Post = {
  id: string;
  status: string;
  targets: { state: string; dueAt: string; error: { code: string } | null }[];
};
type Billing = { plan: string; pausedAccounts: { accountId: string; heldPosts: number }[] };

async function schedulePost(owner: Person, accountId: string, text: string) {
  const at = DateTime.utc().plus({ days: 3 }).toFormat("yyyy-MM-dd'T'10:00");
  const created = await call<Post>("POST", `/workspaces/${owner.workspaceId}/posts`, {
    token: owner.accessToken,
    body: { text, targets: [{ accountId }], schedule: { mode: "at", at, timeZone: "UTC" } },
  });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

const readPost = async (owner: Person, postId: string) =>
  (
    await call<Post>("GET", `/workspaces/${owner.workspaceId}/posts/${postId}`, {
      token: owner.accessToken,
    })
  ).body;
const billingOf = async (owner: Person) =>
  (
    await call<Billing>("GET", `/workspaces/${owner.workspaceId}/billing`, {
      token: owner.accessToken,
    })
  ).body;

describe("downgrades lose nothing", () => {
  it("over the new limit the newest accounts pause and their posts are held; the owner can choose others; an upgrade resumes all", async () => {
    const owner = await signUp("downgrade");
    const accounts = [];
    for (let i = 0; i < 5; i++) {
      accounts.push(
        await connectAccount(owner, owner.workspaceId, "mastodon", {
          handle: `dg-${i}-${Date.now()}`,
        }),
      );
    }
    const posts = [];
    for (const [i, account] of accounts.entries())
      posts.push(await schedulePost(owner, account.id, `Post ${i}`));

    // Free allows three accounts: the two connected last pause, their posts held, not deleted.
    await onPlan(owner.workspaceId, "free");
    let billing = await billingOf(owner);
    expect(billing.plan).toBe("free");
    expect(billing.pausedAccounts.map((a) => a.accountId).sort()).toEqual(
      [accounts[3]?.id, accounts[4]?.id].sort(),
    );
    expect(billing.pausedAccounts.every((a) => a.heldPosts === 1)).toBe(true);
    const held = await readPost(owner, posts[4]?.id ?? "");
    expect(held.targets[0]).toMatchObject({
      state: "held",
      dueAt: posts[4]?.targets[0]?.dueAt,
      error: { code: "paused_account" },
    });
    expect((await readPost(owner, posts[0]?.id ?? "")).targets[0]?.state).toBe("scheduled");

    // Nothing new goes to a paused account.
    const refused = await call<{ code: string }>("POST", `/workspaces/${owner.workspaceId}/posts`, {
      token: owner.accessToken,
      body: {
        text: "To a paused account",
        targets: [{ accountId: accounts[4]?.id }],
        schedule: { mode: "now" },
      },
    });
    expect(refused.status).toBe(402);
    expect(refused.body.code).toBe("paused_account");

    // The owner keeps the newest instead: the first two pause, the last two resume.
    const choose = (person: Person, accountIds: (string | undefined)[]) =>
      call<Billing & { code?: string }>(
        "PUT",
        `/workspaces/${owner.workspaceId}/billing/paused-accounts`,
        {
          token: person.accessToken,
          body: { accountIds },
        },
      );
    const tooFew = await choose(owner, [accounts[0]?.id]);
    expect(tooFew.status).toBe(400);
    const chosen = await choose(owner, [accounts[0]?.id, accounts[1]?.id]);
    expect(chosen.status, chosen.text).toBe(200);
    expect(chosen.body.pausedAccounts.map((a) => a.accountId).sort()).toEqual(
      [accounts[0]?.id, accounts[1]?.id].sort(),
    );
    const back = await readPost(owner, posts[4]?.id ?? "");
    expect(back.targets[0]).toMatchObject({
      state: "scheduled",
      dueAt: posts[4]?.targets[0]?.dueAt,
    });

    // Upgrading resumes everything; every post is still there, at its own time.
    await onPlan(owner.workspaceId, "starter");
    billing = await billingOf(owner);
    expect(billing.pausedAccounts).toEqual([]);
    for (const post of posts) {
      const now = await readPost(owner, post.id);
      expect(now.targets[0]).toMatchObject({ state: "scheduled", dueAt: post.targets[0]?.dueAt });
    }
    const activity = await call<{ items: { action: string }[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/activity`,
      { token: owner.accessToken },
    );
    const actions = activity.body.items.map((i) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "account.paused",
        "account.resumed",
        "billing.paused_accounts_chosen",
      ]),
    );
  }, 90_000); // five accounts and posts, three plan changes: slow on a loaded machine
});
