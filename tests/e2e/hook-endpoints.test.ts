import { Event } from "@cadence/core/event";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, mailTo, team } from "../support/api.ts";
import { eventsWorker, notificationsOf, startReceiver } from "../support/events.ts";
import { waitFor } from "../support/publishing.ts";

// The retry schedule compressed from about 42 hours to 7 seconds, with the same growing shape;
// mail sent after ten quiet seconds instead of a minute.
const mailWindowMs = 10_000;
process.env.CADENCE_HOOK_RETRY_MS = "0,1000,2000,4000";
process.env.CADENCE_MAIL_BATCH_MS = String(mailWindowMs);

interface Delivery {
  id: string;
  eventId: string;
  status: string;
  attempts: { ok: boolean; status: number | null; durationMs: number; error: string | null }[];
}

let ws: Awaited<ReturnType<typeof team>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let events: ReturnType<typeof eventsWorker>;
const base = () => `/workspaces/${ws.workspaceId}/webhook-endpoints`;

async function addEndpoint(path: string, eventTypes: string[] = []) {
  const created = await call<{ id: string; secret: string; version: number }>("POST", base(), {
    token: ws.admin.accessToken,
    body: { url: `${receiver.url}${path}`, eventTypes },
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function deliveriesOf(endpointId: string) {
  const answer = await call<{ items: Delivery[] }>("GET", `${base()}/${endpointId}/deliveries`, {
    token: ws.admin.accessToken,
  });
  return answer.body.items;
}

beforeAll(async () => {
  ws = await team("hooks");
  receiver = await startReceiver();
  events = eventsWorker();
}, 120_000);

afterAll(async () => {
  await events?.stop();
  await receiver?.close();
});

/** Records an event as its cause would, with a fresh cause. */
function recordDeadLetter(reason: string, workspaceId = ws.workspaceId) {
  return Event.record({
    workspaceId,
    type: "publish.dead_lettered",
    cause: `test-${Math.random()}`,
    data: { targetId: "tgt_x_0", postId: null, reason },
  });
}

describe("outbound webhook endpoints", () => {
  it("refuses private, loopback and plain-http addresses with a clear 400", async () => {
    for (const url of [
      "https://10.0.0.5/hook",
      "http://example.com/hook",
      "https://localhost/x",
      "https://169.254.169.254/latest",
    ]) {
      const answer = await call<{ code: string; detail: string }>("POST", base(), {
        token: ws.admin.accessToken,
        body: { url },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("invalid_input");
      expect(answer.body.detail).toMatch(/public https address/);
    }
    const editor = await call("POST", base(), {
      token: ws.editor.accessToken,
      body: { url: "https://example.com/hook" },
    });
    expect(editor.status).toBe(403);
  });

  it("sends a test event, logs it with status and duration, and redelivers it with the same id", async () => {
    const endpoint = await addEndpoint("/test");
    receiver.secrets.push(endpoint.secret);
    const secretIndex = receiver.secrets.length - 1;
    const test = await call<Delivery>("POST", `${base()}/${endpoint.id}/test`, {
      token: ws.admin.accessToken,
    });
    expect(test.status).toBe(202);
    const logged = await waitFor(async () => {
      const [first] = await deliveriesOf(endpoint.id);
      return first?.status === "succeeded" ? first : undefined;
    });
    expect(logged.attempts).toHaveLength(1);
    expect(logged.attempts[0]).toMatchObject({ ok: true, status: 204, error: null });
    expect(logged.attempts[0]?.durationMs).toBeGreaterThanOrEqual(0);
    const first = receiver.received.find((r) => r.json.id === logged.eventId);
    expect(first?.verifiedWith).toContain(secretIndex);
    expect(first?.json.type).toBe("webhook.test");

    const again = await call("POST", `${base()}/${endpoint.id}/deliveries/${logged.id}/redeliver`, {
      token: ws.admin.accessToken,
    });
    expect(again.status).toBe(202);
    await waitFor(async () => {
      const [item] = await deliveriesOf(endpoint.id);
      return item?.attempts.length === 2 && item.status === "succeeded" ? item : undefined;
    });
    const copies = receiver.received.filter((r) => r.json.id === logged.eventId);
    expect(copies).toHaveLength(2);
    expect(copies[1]?.headers["webhook-id"]).toBe(copies[0]?.headers["webhook-id"]);
    await call("DELETE", `${base()}/${endpoint.id}`, { token: ws.admin.accessToken });
  });

  it("during a rotation's overlap both secrets sign, so either verifies", async () => {
    const endpoint = await addEndpoint("/rotate", ["publish.dead_lettered"]);
    receiver.secrets.push(endpoint.secret);
    const oldIndex = receiver.secrets.length - 1;
    const rotated = await call<{ secret: string; rotationEndsAt: string | null }>(
      "POST",
      `${base()}/${endpoint.id}/rotate-secret`,
      { token: ws.admin.accessToken, body: { overlapHours: 24 } },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.rotationEndsAt).not.toBeNull();
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    receiver.secrets.push(rotated.body.secret);
    const eventId = await recordDeadLetter("rotation check");
    const got = await waitFor(async () => receiver.received.find((r) => r.json.id === eventId));
    expect(got.verifiedWith).toEqual(expect.arrayContaining([oldIndex, oldIndex + 1]));
    expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    await call("DELETE", `${base()}/${endpoint.id}`, { token: ws.admin.accessToken });
  });

  it("does not follow a redirect: the attempt fails and says why", async () => {
    receiver.answerWith(() => ({
      status: 307,
      location: "http://169.254.169.254/latest/meta-data",
    }));
    const endpoint = await addEndpoint("/redirect");
    await call("POST", `${base()}/${endpoint.id}/test`, { token: ws.admin.accessToken });
    const logged = await waitFor(async () => {
      const [first] = await deliveriesOf(endpoint.id);
      return first?.status === "failed" ? first : undefined;
    });
    expect(logged.attempts[0]).toMatchObject({ ok: false, status: 307 });
    expect(logged.attempts[0]?.error).toMatch(/do not follow redirects/);
    receiver.answerWith(() => ({ status: 204 }));
    await call("DELETE", `${base()}/${endpoint.id}`, { token: ws.admin.accessToken });
  });

  it("retries a failing endpoint with growing gaps, then turns it off and tells the admins", async () => {
    receiver.answerWith(() => ({ status: 503 }));
    const endpoint = await addEndpoint("/failing", ["publish.dead_lettered"]);
    const eventId = await recordDeadLetter("will not arrive");
    const failed = await waitFor(async () => {
      const [first] = await deliveriesOf(endpoint.id);
      return first?.status === "failed" ? first : undefined;
    }, 40_000);
    expect(failed.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503]);
    const times = receiver.received.filter((r) => r.json.id === eventId).map((r) => r.at);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // Each gap at least its step of the schedule, and each longer than the one before.
    expect(gaps[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
    expect(gaps[2]).toBeGreaterThan(gaps[1] ?? 0);

    const list = await call<{ items: { id: string; state: string; disabledReason: string }[] }>(
      "GET",
      base(),
      { token: ws.admin.accessToken },
    );
    expect(list.body.items.find((e) => e.id === endpoint.id)).toMatchObject({
      state: "disabled",
      disabledReason: "failing",
    });
    for (const admin of [ws.owner, ws.admin]) {
      const notice = await waitFor(async () =>
        (await notificationsOf(admin, ws.workspaceId)).items.find(
          (n) => n.type === "endpoint.disabled",
        ),
      );
      expect(notice.fix?.link).toBe("/app/webhooks");
    }
    expect(
      (await notificationsOf(ws.editor, ws.workspaceId)).items.some(
        (n) => n.type === "endpoint.disabled",
      ),
    ).toBe(false);
    // A disabled endpoint gets nothing more.
    const before = receiver.received.length;
    await recordDeadLetter("after disabling");
    await new Promise((settle) => setTimeout(settle, 2_000));
    expect(receiver.received.length).toBe(before);
    receiver.answerWith(() => ({ status: 204 }));
  });
});

describe("notification mail", () => {
  it("a storm of failures is one mail, and unsubscribing needs no sign-in", {
    timeout: 200_000,
  }, async () => {
    const crowd = await team("storm");
    const storm = await Promise.all(
      Array.from({ length: 100 }, (_, i) => recordDeadLetter(`storm ${i}`, crowd.workspaceId)),
    );
    expect(new Set(storm).size).toBe(100);
    const mail = await waitFor(
      async () => (await mailTo(crowd.owner.email)).find((m) => /^100 updates in/.test(m.subject)),
      mailWindowMs + 150_000,
    );
    expect(mail.text).toContain("storm 0");
    // The storm's mail, or any other about a dead letter: there must be only the one.
    const aboutStorm = (m: { subject: string }) =>
      /updates in|could not be processed/.test(m.subject);
    expect((await mailTo(crowd.owner.email)).filter(aboutStorm)).toHaveLength(1);
    // The admin's batch closes on its own quiet minute, which may end a little later.
    await waitFor(
      async () => (await mailTo(crowd.admin.email)).find((m) => /^100 updates in/.test(m.subject)),
      mailWindowMs + 150_000,
    );
    expect((await mailTo(crowd.admin.email)).filter(aboutStorm)).toHaveLength(1);
    // Not the editor or viewer: dead letters are for owners and admins.
    expect((await mailTo(crowd.editor.email)).some(aboutStorm)).toBe(false);

    const outbox = await call<{ items: { headers?: Record<string, string> }[] }>(
      "GET",
      `/outbox?to=${encodeURIComponent(crowd.owner.email)}`,
    );
    const header = outbox.body.items.find((m) => m.headers)?.headers?.["List-Unsubscribe"] ?? "";
    const link = new URL(/^<(.+)>$/.exec(header)?.[1] ?? "");
    // As a mail client does it (RFC 8058): a POST with the form body, no session.
    const done = await call("POST", `${link.pathname}${link.search}`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      raw: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    const forged = await call<{ code: string }>(
      "POST",
      `/unsubscribe?token=${link.searchParams.get("token")}x`,
    );
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe("unsubscribe_token_invalid");
    const prefs = await call<{ mailOff: boolean }>(
      "GET",
      `/workspaces/${crowd.workspaceId}/notification-preferences`,
      { token: crowd.owner.accessToken },
    );
    expect(prefs.body.mailOff).toBe(true);

    // The next event: the admin, still subscribed, gets its mail; the owner does not.
    const countBefore = (await mailTo(crowd.owner.email)).length;
    await recordDeadLetter("after unsubscribing", crowd.workspaceId);
    await waitFor(
      async () =>
        (await mailTo(crowd.admin.email)).find((m) => m.text.includes("after unsubscribing")),
      mailWindowMs + 60_000,
    );
    expect((await mailTo(crowd.owner.email)).length).toBe(countBefore);
    expect(
      (await notificationsOf(crowd.owner, crowd.workspaceId)).items.some((n) =>
        n.title.includes("could not be processed"),
      ),
    ).toBe(true);
  });
});
