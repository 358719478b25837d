import { db } from "@cadence/core/db/service";
import { Event } from "@cadence/core/event";
import { consumeEventMessage } from "@cadence/core/event/consume";
import { sweepFanouts } from "@cadence/core/event/sweep";
import { providePorts, usePorts } from "@cadence/core/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, mailTo, team } from "../support/api.ts";
import { eventsWorker, notificationsOf, startReceiver } from "../support/events.ts";
import { waitFor } from "../support/publishing.ts";

// Mail windows of a second instead of a minute.
process.env.CADENCE_MAIL_BATCH_MS = "1000";

let ws: Awaited<ReturnType<typeof team>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let events: ReturnType<typeof eventsWorker>;

beforeAll(async () => {
  ws = await team("sweep");
  receiver = await startReceiver();
  events = eventsWorker();
  const endpoint = await call<{ secret: string }>(
    "POST",
    `/workspaces/${ws.workspaceId}/webhook-endpoints`,
    { token: ws.admin.accessToken, body: { url: `${receiver.url}/sweep` } },
  );
  expect(endpoint.status).toBe(201);
  receiver.secrets.push(endpoint.body.secret);
}, 120_000);

afterAll(async () => {
  await events?.stop();
  await receiver?.close();
});

/** Records an event while the events queue is unreachable: the crash between commit and send. */
async function recordWithLostFanout(reason: string): Promise<string> {
  const real = usePorts();
  providePorts({
    ...real,
    events: {
      send: async () => {
        throw new Error("the process died before the fan-out message was sent");
      },
    },
  });
  try {
    await Event.record({
      workspaceId: ws.workspaceId,
      type: "publish.dead_lettered",
      cause: `sweep-${reason}`,
      data: { targetId: "tgt_sweep_0", postId: null, reason },
    });
  } catch {
    // The caller saw the crash; the event itself was committed.
  } finally {
    providePorts(real);
  }
  return Event.idOf(ws.workspaceId, "publish.dead_lettered", `sweep-${reason}`);
}

const aboutEvent = (eventId: string) => receiver.received.filter((r) => r.json.id === eventId);

describe("the fan-out repair sweep", () => {
  it("sends a lost fan-out again, once, and everyone is told once", {
    timeout: 60_000,
  }, async () => {
    const eventId = await recordWithLostFanout("lost message");
    const stored = await Event.load(ws.workspaceId, eventId);
    expect(stored?.fanoutCheckAt).not.toBe("");
    // Nothing arrives by itself: the message is gone.
    await new Promise((settle) => setTimeout(settle, 1_500));
    expect(aboutEvent(eventId)).toHaveLength(0);
    expect(
      (await notificationsOf(ws.owner, ws.workspaceId)).items.some((n) => n.eventId === eventId),
    ).toBe(false);

    // Before its grace has passed the sweep leaves it alone.
    expect((await sweepFanouts()).resent).toBe(0);
    // Two sweeps at once, after the grace: one of them sends it.
    const later = Date.now() + Event.fanoutGraceMs + 1_000;
    const [first, second] = await Promise.all([sweepFanouts(later), sweepFanouts(later)]);
    expect((first?.resent ?? 0) + (second?.resent ?? 0)).toBe(1);

    const hook = await waitFor(async () => {
      const found = aboutEvent(eventId);
      return found.length ? found : undefined;
    });
    expect(hook[0]?.verifiedWith).toEqual([0]);
    for (const admin of [ws.owner, ws.admin]) {
      await waitFor(async () =>
        (await mailTo(admin.email)).find((m) => m.text.includes("lost message")),
      );
      const notices = (await notificationsOf(admin, ws.workspaceId)).items;
      expect(notices.filter((n) => n.eventId === eventId)).toHaveLength(1);
    }
    expect(
      (await notificationsOf(ws.editor, ws.workspaceId)).items.some((n) => n.eventId === eventId),
    ).toBe(false);

    // The fan-out ran: the event left the check index, and later sweeps send nothing more.
    await waitFor(async () =>
      (await Event.load(ws.workspaceId, eventId))?.fanoutCheckAt === "" ? true : undefined,
    );
    expect((await sweepFanouts(Date.now() + 24 * 3_600_000)).resent).toBe(0);
    await new Promise((settle) => setTimeout(settle, 1_500));
    expect(aboutEvent(eventId)).toHaveLength(1);
    for (const admin of [ws.owner, ws.admin]) {
      const mails = (await mailTo(admin.email)).filter((m) => m.text.includes("lost message"));
      expect(mails).toHaveLength(1);
    }
  });

  it("a fan-out that never runs is sent again a few times, then left to the DLQ", async () => {
    // Every message the sweep sends is lost too, as when each fan-out fails in the consumer.
    const eventId = await recordWithLostFanout("never runs");
    const real = usePorts();
    const sent: string[] = [];
    providePorts({
      ...real,
      events: { send: async (message) => void sent.push(message.kind) },
    });
    try {
      let at = Date.now();
      for (let run = 0; run < 8; run += 1) {
        at += 2 ** run * Event.fanoutGraceMs + 1_000;
        await sweepFanouts(at);
      }
    } finally {
      providePorts(real);
    }
    expect(sent).toHaveLength(5);
    const item = (await db().entities.event.get({ workspaceId: ws.workspaceId, eventId }).go())
      .data;
    expect(item?.fanoutCheckAt).toBe("");
    expect(item?.fanoutSweeps).toBe(6);
  });

  it("a fan-out that crashed between a notice and its mail, run again, mails each person once", {
    timeout: 60_000,
  }, async () => {
    const eventId = await recordWithLostFanout("crash before mail");
    const message = { kind: "fanout" as const, workspaceId: ws.workspaceId, eventId };
    const real = usePorts();
    providePorts({
      ...real,
      events: {
        send: async () => {
          throw new Error("the process died before the mail was queued");
        },
      },
    });
    // The first approver's notice is written, then the fan-out dies queueing its mail.
    await expect(consumeEventMessage(message)).rejects.toThrow(/died/);
    providePorts(real);
    await consumeEventMessage(message);
    await consumeEventMessage(message);
    for (const admin of [ws.owner, ws.admin]) {
      await waitFor(async () =>
        (await mailTo(admin.email)).find((m) => m.text.includes("crash before mail")),
      );
    }
    await new Promise((settle) => setTimeout(settle, 2_500));
    for (const admin of [ws.owner, ws.admin]) {
      const mails = (await mailTo(admin.email)).filter((m) => m.text.includes("crash before mail"));
      expect(mails).toHaveLength(1);
      const notices = (await notificationsOf(admin, ws.workspaceId)).items;
      expect(notices.filter((n) => n.eventId === eventId)).toHaveLength(1);
    }
  });
});
