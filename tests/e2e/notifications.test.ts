import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Account } from "@cadence/core/account";
import { usePorts } from "@cadence/core/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, mailTo, type Person, team } from "../support/api.ts";
import { eventsWorker, notificationsOf, startReceiver } from "../support/events.ts";
import { connectWithTokens, publishWorker, sandboxFault, waitFor } from "../support/publishing.ts";

// Mail windows of a second instead of a minute, so batched mail arrives while the test waits.
process.env.CADENCE_MAIL_BATCH_MS = "1000";

let ws: Awaited<ReturnType<typeof team>>;
let account: Awaited<ReturnType<typeof connectWithTokens>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let publishing: ReturnType<typeof publishWorker>;
let events: ReturnType<typeof eventsWorker>;
const sqs = new SQSClient({});
const handle = `ntf${Date.now()}`;

const posts = () => `/workspaces/${ws.workspaceId}/posts`;
const everyone = () => [ws.owner, ws.admin, ws.editor, ws.viewer];

/** Who in the team has a notice of `type` about `subject` (a post or account id). */
async function toldOf(type: string, subject: string): Promise<Person[]> {
  const told: Person[] = [];
  for (const person of everyone()) {
    const { items } = await notificationsOf(person, ws.workspaceId);
    if (items.some((n) => n.type === type && n.link.includes(subject))) told.push(person);
  }
  return told;
}

async function waitToldOf(type: string, subject: string, count: number): Promise<Person[]> {
  return waitFor(async () => {
    const told = await toldOf(type, subject);
    return told.length >= count ? told : undefined;
  });
}

const hooksOf = (type: string, match: (data: Record<string, unknown>) => boolean) =>
  receiver.received.filter((r) => r.json.type === type && match(r.json.data));

beforeAll(async () => {
  ws = await team("notify");
  receiver = await startReceiver();
  publishing = publishWorker();
  events = eventsWorker();
  // Every event type, verified with the endpoint's secret.
  const endpoint = await call<{ secret: string }>(
    "POST",
    `/workspaces/${ws.workspaceId}/webhook-endpoints`,
    { token: ws.admin.accessToken, body: { url: `${receiver.url}/hooks`, description: "all" } },
  );
  expect(endpoint.status).toBe(201);
  receiver.secrets.push(endpoint.body.secret);
  account = await connectWithTokens(ws.owner, ws.workspaceId, "mastodon", handle);
}, 120_000);

afterAll(async () => {
  await publishing?.stop();
  await events?.stop();
  await receiver?.close();
});

describe("events reach the right people, their mail and webhooks, once", () => {
  it("account.connected tells the owner and admin only, and the webhook verifies", async () => {
    const told = await waitToldOf("account.connected", "/app/connections", 2);
    expect(told.map((p) => p.email).sort()).toEqual([ws.owner.email, ws.admin.email].sort());
    const hooks = await waitFor(async () => {
      const found = hooksOf("account.connected", (d) => d.accountId === account.account.id);
      return found.length ? found : undefined;
    });
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.verifiedWith).toEqual([0]);
  });

  it("an editor's post: scheduled and published tell the author only, in the app", async () => {
    const created = await call<{ id: string }>("POST", posts(), {
      token: ws.editor.accessToken,
      body: {
        text: "Told once",
        targets: [{ accountId: account.account.id }],
        schedule: { mode: "now" },
      },
    });
    expect(created.status).toBe(201);
    const postId = created.body.id;
    expect((await waitToldOf("post.published", postId, 1)).map((p) => p.email)).toEqual([
      ws.editor.email,
    ]);
    expect((await toldOf("post.scheduled", postId)).map((p) => p.email)).toEqual([ws.editor.email]);
    const published = await waitFor(async () => {
      const found = hooksOf("post.published", (d) => d.postId === postId);
      return found.length ? found : undefined;
    });
    expect(published[0]?.verifiedWith).toEqual([0]);
    expect(published[0]?.json.data).toMatchObject({ network: "mastodon", state: "published" });
    // In-app only by default: no mail about a success.
    expect((await mailTo(ws.editor.email)).some((m) => m.subject.startsWith("Published"))).toBe(
      false,
    );
  });

  it("post.failed tells the author in the app and by mail with one-click unsubscribe", async () => {
    await sandboxFault({
      network: "mastodon",
      account: handle,
      kind: "reject",
      count: 1,
    });
    const created = await call<{ id: string }>("POST", posts(), {
      token: ws.editor.accessToken,
      body: {
        text: "Will fail",
        targets: [{ accountId: account.account.id }],
        schedule: { mode: "now" },
      },
    });
    const postId = created.body.id;
    expect((await waitToldOf("post.failed", postId, 1)).map((p) => p.email)).toEqual([
      ws.editor.email,
    ]);
    const mail = await waitFor(async () => {
      const outbox = await call<{
        items: { subject: string; text: string; headers?: Record<string, string> }[];
      }>("GET", `/outbox?to=${encodeURIComponent(ws.editor.email)}`);
      return outbox.body.items.find((m) => m.text.includes(postId));
    });
    expect(mail.subject).toMatch(/^Failed on mastodon/);
    expect(mail.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers?.["List-Unsubscribe"]).toMatch(/^<http.*\/unsubscribe\?token=/);
    for (const other of [ws.owner, ws.admin, ws.viewer]) {
      expect((await mailTo(other.email)).some((m) => m.text.includes(postId))).toBe(false);
    }
  });

  it("approval: approvers are asked (not the author or a viewer), then the author is told", async () => {
    const settings = await call<{ version: number }>("GET", `/workspaces/${ws.workspaceId}`, {
      token: ws.owner.accessToken,
    });
    await call("PATCH", `/workspaces/${ws.workspaceId}`, {
      token: ws.owner.accessToken,
      body: { approvalRequired: true, version: settings.body.version },
    });
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 16);
    const submitted = await call<{ id: string; version: number }>("POST", posts(), {
      token: ws.editor.accessToken,
      body: {
        text: "Please approve",
        targets: [{ accountId: account.account.id }],
        schedule: { mode: "at", at, timeZone: "UTC" },
      },
    });
    const postId = submitted.body.id;
    const asked = await waitToldOf("approval.requested", postId, 2);
    expect(asked.map((p) => p.email).sort()).toEqual([ws.owner.email, ws.admin.email].sort());
    const askMail = await waitFor(async () =>
      (await mailTo(ws.admin.email)).find((m) => m.text.includes(postId)),
    );
    expect(askMail.subject).toMatch(/waits for your approval/);

    const approved = await call("POST", `${posts()}/${postId}/approve`, {
      token: ws.admin.accessToken,
    });
    expect(approved.status).toBe(200);
    expect((await waitToldOf("approval.approved", postId, 1)).map((p) => p.email)).toEqual([
      ws.editor.email,
    ]);
    const hook = await waitFor(async () => {
      const found = hooksOf("approval.approved", (d) => d.postId === postId);
      return found.length ? found : undefined;
    });
    expect(hook).toHaveLength(1);
  });

  it("a cause that runs twice, and a fan-out delivered twice, tell and deliver once", async () => {
    const { accountId } = { accountId: account.account.id };
    // The same flagging twice: the second write finds the account flagged and records nothing.
    await Promise.all([
      Account.needsReconnect(ws.workspaceId, accountId, "The grant was revoked."),
      Account.needsReconnect(ws.workspaceId, accountId, "The grant was revoked."),
    ]);
    const told = await waitToldOf("account.reconnect_needed", "/app/connections", 2);
    expect(told).toHaveLength(2);
    const hooks = await waitFor(async () => {
      const found = hooksOf("account.reconnect_needed", (d) => d.accountId === accountId);
      return found.length ? found : undefined;
    });
    // A recorded event whose fan-out message arrives three times.
    const eventId = hooks[0]?.json.id ?? "";
    const url = JSON.parse(process.env.SST_RESOURCE_EventQueue ?? "{}").url as string;
    for (let i = 0; i < 3; i++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: JSON.stringify({ kind: "fanout", workspaceId: ws.workspaceId, eventId }),
        }),
      );
    }
    await usePorts().events.send({ kind: "fanout", workspaceId: ws.workspaceId, eventId }, 0);
    await new Promise((settle) => setTimeout(settle, 3_000));
    expect(hooksOf("account.reconnect_needed", (d) => d.accountId === accountId)).toHaveLength(1);
    const notices = (await notificationsOf(ws.owner, ws.workspaceId)).items.filter(
      (n) => n.eventId === eventId,
    );
    expect(notices).toHaveLength(1);
  });
});

describe("the bell", () => {
  it("counts unread, marks one and then all read, and hides others' notices", async () => {
    const before = await notificationsOf(ws.admin, ws.workspaceId);
    expect(before.unread).toBeGreaterThan(0);
    const first = before.items.find((n) => !n.read);
    const marked = await call(
      "POST",
      `/workspaces/${ws.workspaceId}/notifications/${first?.id}/read`,
      {
        token: ws.admin.accessToken,
      },
    );
    expect(marked.status).toBe(200);
    const count = await call<{ unread: number }>(
      "GET",
      `/workspaces/${ws.workspaceId}/notifications/unread-count`,
      { token: ws.admin.accessToken },
    );
    expect(count.body.unread).toBe(before.unread - 1);
    // The editor cannot mark the admin's notice: it is not theirs.
    const foreign = await call(
      "POST",
      `/workspaces/${ws.workspaceId}/notifications/${first?.id}/read`,
      {
        token: ws.editor.accessToken,
      },
    );
    expect(foreign.status).toBe(404);
    const all = await call<{ marked: number }>(
      "POST",
      `/workspaces/${ws.workspaceId}/notifications/read-all`,
      { token: ws.admin.accessToken },
    );
    expect(all.body.marked).toBe(before.unread - 1);
    expect((await notificationsOf(ws.admin, ws.workspaceId)).unread).toBe(0);
  });
});
