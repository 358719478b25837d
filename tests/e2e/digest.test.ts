import { Event } from "@cadence/core/event";
import { Notification } from "@cadence/core/notification";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Person, team } from "../support/api.ts";
import { eventsWorker, notificationsOf } from "../support/events.ts";
import { waitFor } from "../support/publishing.ts";

process.env.CADENCE_MAIL_BATCH_MS = "1000";

let ws: Awaited<ReturnType<typeof team>>;
let events: ReturnType<typeof eventsWorker>;
const zone = "Asia/Tokyo";

interface Mail {
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

async function outboxOf(person: Person): Promise<Mail[]> {
  const answer = await call<{ items: Mail[] }>(
    "GET",
    `/outbox?to=${encodeURIComponent(person.email)}`,
  );
  return answer.body.items;
}

async function choose(person: Person, body: Record<string, unknown>) {
  const saved = await call("PUT", `/workspaces/${ws.workspaceId}/notification-preferences`, {
    token: person.accessToken,
    body,
  });
  expect(saved.status).toBe(200);
}

function record(type: "publish.dead_lettered" | "account.token_expiring", reason: string) {
  return Event.record({
    workspaceId: ws.workspaceId,
    type,
    cause: `digest-${reason}`,
    data:
      type === "publish.dead_lettered"
        ? { targetId: "tgt_digest_0", postId: null, reason }
        : { accountId: "acc_digest", network: "mastodon", reason, expiresAt: null },
  });
}

beforeAll(async () => {
  ws = await team("digest");
  events = eventsWorker();
}, 120_000);

afterAll(async () => {
  await events?.stop();
});

describe("the daily digest", () => {
  it("gathers the day's digest notices per person, in their zone, once, and honours their choices", {
    timeout: 90_000,
  }, async () => {
    // The owner: dead letters in the digest, expiring access not at all.
    await choose(ws.owner, {
      channels: { "publish.dead_lettered": "digest", "account.token_expiring": "none" },
      timeZone: zone,
    });
    // The admin chose the digest too, then turned all mail off.
    await choose(ws.admin, { channels: { "publish.dead_lettered": "digest" }, timeZone: zone });
    await choose(ws.admin, { mailOff: true });

    const reasons = ["first dead letter", "second dead letter", "third dead letter"];
    const ids = await Promise.all(reasons.map((r) => record("publish.dead_lettered", r)));
    const expiring = await record("account.token_expiring", "access ends in digest test");

    // Digest notices show in the app at once; the mail waits for the digest.
    const owned = await waitFor(async () => {
      const { items } = await notificationsOf(ws.owner, ws.workspaceId);
      return ids.every((id) => items.some((n) => n.eventId === id)) ? items : undefined;
    });
    expect(owned.some((n) => n.eventId === expiring)).toBe(false);
    await waitFor(async () => {
      const { items } = await notificationsOf(ws.admin, ws.workspaceId);
      return items.some((n) => n.eventId === expiring) ? true : undefined;
    });
    await new Promise((settle) => setTimeout(settle, 2_500));
    expect((await outboxOf(ws.owner)).some((m) => m.text.includes("dead letter"))).toBe(false);

    // The next 08:10 in Tokyo, within a day of the events.
    let at = DateTime.now().setZone(zone).set({ hour: 8, minute: 10, second: 0, millisecond: 0 });
    if (at.toMillis() <= Date.now()) at = at.plus({ days: 1 });
    // Outside 08:00–08:29 in their zone nobody gets one.
    expect((await Notification.sendDigest(at.minus({ hours: 1 }).toMillis())).sent).toBe(0);
    const runs = await Promise.all([
      Notification.sendDigest(at.toMillis()),
      Notification.sendDigest(at.toMillis()),
    ]);
    expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(1);

    const digests = (await outboxOf(ws.owner)).filter((m) => m.subject.startsWith("Your day in"));
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    for (const reason of reasons) expect(digest?.text).toContain(reason);
    expect(digest?.text).not.toContain("access ends in digest test");
    expect(digest?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(digest?.text).toMatch(/\/unsubscribe\?token=/);

    // Unsubscribed: no digest for the admin. Not in the digest: none for the editor.
    for (const person of [ws.admin, ws.editor, ws.viewer]) {
      expect((await outboxOf(person)).some((m) => m.subject.startsWith("Your day in"))).toBe(false);
    }
    // Later the same local morning: sent already. The next morning: those events are past the day.
    expect((await Notification.sendDigest(at.plus({ minutes: 15 }).toMillis())).sent).toBe(0);
    expect((await Notification.sendDigest(at.plus({ days: 1 }).toMillis())).sent).toBe(0);
    expect(
      (await outboxOf(ws.owner)).filter((m) => m.subject.startsWith("Your day in")),
    ).toHaveLength(1);
  });
});
