import { db } from "@cadence/core/db/service";
import { reconcile } from "@cadence/core/publish/reconcile";
import { Renewal } from "@cadence/core/renewal";
import { Target } from "@cadence/core/target";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, mailTo, type Person, team } from "../support/api.ts";
import { eventsWorker, notificationsOf, startReceiver } from "../support/events.ts";
import { connectWithTokens, waitFor } from "../support/publishing.ts";

// The events the other files do not carry end to end: each reaches its audience on the channel
// the catalogue names, and arrives at a verifying webhook receiver, once even when its cause runs
// twice. No publish worker runs here: targets wait where the test puts them.
process.env.CADENCE_MAIL_BATCH_MS = "1000";

let ws: Awaited<ReturnType<typeof team>>;
let account: Awaited<ReturnType<typeof connectWithTokens>>["account"];
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let events: ReturnType<typeof eventsWorker>;
const everyone = () => [ws.owner, ws.admin, ws.editor, ws.viewer];
const posts = () => `/workspaces/${ws.workspaceId}/posts`;

beforeAll(async () => {
  ws = await team("told");
  receiver = await startReceiver();
  events = eventsWorker();
  const endpoint = await call<{ secret: string }>(
    "POST",
    `/workspaces/${ws.workspaceId}/webhook-endpoints`,
    { token: ws.admin.accessToken, body: { url: `${receiver.url}/all` } },
  );
  expect(endpoint.status).toBe(201);
  receiver.secrets.push(endpoint.body.secret);
  ({ account } = await connectWithTokens(
    ws.owner,
    ws.workspaceId,
    "mastodon",
    `told${Date.now()}`,
  ));
}, 120_000);

afterAll(async () => {
  await events?.stop();
  await receiver?.close();
});

/** An editor's post due in a few minutes on the sandbox account, and its one target. */
async function editorPost(text: string) {
  const at = new Date(Date.now() + 3 * 60_000).toISOString().slice(0, 16);
  const created = await call<{ id: string }>("POST", posts(), {
    token: ws.editor.accessToken,
    body: {
      text,
      targets: [{ accountId: account.id }],
      schedule: { mode: "at", at, timeZone: "UTC" },
    },
  });
  expect(created.status).toBe(201);
  const postId = created.body.id;
  const [target] = (
    await db().entities.target.query.byPost({ workspaceId: ws.workspaceId, postId }).go()
  ).data;
  if (!target) throw new Error("the post has no target");
  return { postId, target };
}

/**
 * Waits for the event's webhook, then checks who was told: `inApp` have the notice (once),
 * `mailed` get a mail naming `mark` (once), nobody else has either, and the webhook came once.
 */
async function expectTold(
  type: string,
  match: (data: Record<string, unknown>) => boolean,
  told: { inApp: Person[]; mailed: Person[]; mark: string },
) {
  const hook = await waitFor(async () =>
    receiver.received.find((r) => r.json.type === type && match(r.json.data)),
  );
  expect(hook.verifiedWith).toEqual([0]);
  const eventId = hook.json.id;
  for (const person of told.mailed) {
    await waitFor(async () => (await mailTo(person.email)).find((m) => m.text.includes(told.mark)));
  }
  // Room for a second copy to arrive, were there one.
  await new Promise((settle) => setTimeout(settle, 2_500));
  expect(receiver.received.filter((r) => r.json.id === eventId)).toHaveLength(1);
  for (const person of everyone()) {
    const notices = (await notificationsOf(person, ws.workspaceId)).items.filter(
      (n) => n.eventId === eventId,
    );
    expect(notices, `${person.email}'s notices`).toHaveLength(told.inApp.includes(person) ? 1 : 0);
    const mails = (await mailTo(person.email)).filter(
      (m) => m.text.includes(told.mark) && m.text.includes("/unsubscribe?token="),
    );
    expect(mails, `${person.email}'s mail`).toHaveLength(told.mailed.includes(person) ? 1 : 0);
  }
  return eventId;
}

describe("events told end to end", () => {
  it("post.missed: the author, in the app and by mail, when the sweep fails a late post", {
    timeout: 60_000,
  }, async () => {
    const { postId, target } = await editorPost("Missed it");
    // A day past due: beyond any late window. Two sweeps at once fail it once.
    const later = Date.parse(target.dueAt) + 86_400_000;
    await Promise.all([reconcile(later), reconcile(later)]);
    expect((await Target.load(ws.workspaceId, target.targetId))?.state).toBe("failed");
    await expectTold("post.missed", (d) => d.postId === postId, {
      inApp: [ws.editor],
      mailed: [ws.editor],
      mark: postId,
    });
  });

  it("post.needs_review: the author, in the app and by mail, after a claim that never ended", {
    timeout: 60_000,
  }, async () => {
    const { postId, target } = await editorPost("Lost track");
    const claimed = await Target.claim(target, Date.now());
    expect(claimed?.state).toBe("publishing");
    // Past the lease: the network has no such post, so it is held for a person to look at.
    const later = Date.parse(claimed?.leaseUntil ?? "") + 3_600_000;
    await Promise.all([reconcile(later), reconcile(later)]);
    expect((await Target.load(ws.workspaceId, target.targetId))?.state).toBe("needs_review");
    await expectTold("post.needs_review", (d) => d.postId === postId, {
      inApp: [ws.editor],
      mailed: [ws.editor],
      mark: postId,
    });
  });

  it("account.token_expiring: owners and admins, in the app and by mail, once per expiry", {
    timeout: 60_000,
  }, async () => {
    // Mastodon tokens cannot be refreshed; this one is said to end in three days.
    const credential = (
      await db()
        .entities.credential.get({ workspaceId: ws.workspaceId, accountId: account.id })
        .go()
    ).data;
    if (!credential) throw new Error("no credential");
    await db()
      .entities.credential.patch({ workspaceId: ws.workspaceId, accountId: account.id })
      .set({
        expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        refreshAt: new Date(Date.now() - 60_000).toISOString(),
        refreshShard: credential.refreshShard,
      })
      .go();
    await Promise.all([Renewal.run(), Renewal.run()]);
    await expectTold("account.token_expiring", (d) => d.accountId === account.id, {
      inApp: [ws.owner, ws.admin],
      mailed: [ws.owner, ws.admin],
      mark: "access ends soon",
    });
  });

  it("approval.rejected: the author in the app (the comment mailed once), no one else", {
    timeout: 60_000,
  }, async () => {
    const settings = await call<{ version: number }>("GET", `/workspaces/${ws.workspaceId}`, {
      token: ws.owner.accessToken,
    });
    await call("PATCH", `/workspaces/${ws.workspaceId}`, {
      token: ws.owner.accessToken,
      body: { approvalRequired: true, version: settings.body.version },
    });
    const { postId } = await editorPost("Send me back");
    const comment = `Say it shorter ${Date.now()}`;
    const [first, second] = await Promise.all([
      call("POST", `${posts()}/${postId}/reject`, {
        token: ws.admin.accessToken,
        body: { comment },
      }),
      call("POST", `${posts()}/${postId}/reject`, {
        token: ws.owner.accessToken,
        body: { comment },
      }),
    ]);
    expect([first?.status, second?.status].sort()).toEqual([200, 409]);
    await expectTold("approval.rejected", (d) => d.postId === postId, {
      inApp: [ws.editor],
      // In the app by default: the one mail is the approval's own, with the comment.
      mailed: [],
      // The notice's title: the approvers' mail asking for approval names the post too.
      mark: "Your post needs changes",
    });
    const commentMails = (await mailTo(ws.editor.email)).filter((m) => m.text.includes(comment));
    expect(commentMails).toHaveLength(1);
    const notice = (await notificationsOf(ws.editor, ws.workspaceId)).items.find(
      (n) => n.type === "approval.rejected",
    );
    expect(notice?.fix?.link).toContain(postId);
  });
});
