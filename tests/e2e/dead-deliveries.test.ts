import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { dynamo, tableName } from "@cadence/core/db/client";
import { db } from "@cadence/core/db/service";
import { Event } from "@cadence/core/event";
import { consumeEventMessage } from "@cadence/core/event/consume";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Person, signUp } from "../support/api.ts";
import { eventsWorker, startReceiver } from "../support/events.ts";
import { waitFor } from "../support/publishing.ts";

let owner: Person;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let events: ReturnType<typeof eventsWorker> | undefined;

beforeAll(async () => {
  owner = await signUp("dead-delivery");
  receiver = await startReceiver();
}, 60_000);

afterAll(async () => {
  await events?.stop();
  await receiver?.close();
});

describe("a dead-lettered webhook attempt", () => {
  it("can be sent again from the delivery log once it is stuck, not while it runs", {
    timeout: 60_000,
  }, async () => {
    const { workspaceId } = owner;
    const base = `/workspaces/${workspaceId}/webhook-endpoints`;
    const endpoint = await call<{ id: string; secret: string }>("POST", base, {
      token: owner.accessToken,
      body: { url: `${receiver.url}/dead` },
    });
    expect(endpoint.status).toBe(201);
    receiver.secrets.push(endpoint.body.secret);
    const eventId = await Event.record({
      workspaceId,
      type: "publish.dead_lettered",
      cause: "dead-delivery",
      data: { targetId: "tgt_dead_0", postId: null, reason: "dead delivery" },
    });
    // The fan-out runs; the first attempt is claimed and its consumer dies on every receive.
    await consumeEventMessage({ kind: "fanout", workspaceId, eventId });
    const [delivery] = (
      await db()
        .entities.hookDelivery.query.byEndpoint({ workspaceId, endpointId: endpoint.body.id })
        .go()
    ).data;
    if (!delivery) throw new Error("no delivery");
    const key = { workspaceId, endpointId: endpoint.body.id, deliveryId: delivery.deliveryId };
    await db().entities.hookDelivery.patch(key).set({ attempts: 1, nextAttemptAt: "" }).go();
    const redeliver = () =>
      call<{ code?: string }>(
        "POST",
        `${base}/${endpoint.body.id}/deliveries/${delivery.deliveryId}/redeliver`,
        {
          token: owner.accessToken,
        },
      );

    // Just claimed: it may still be running.
    const early = await redeliver();
    expect(early.status).toBe(409);
    expect(early.body.code).toBe("delivery_in_progress");

    // Two hours later it is still pending with nothing planned: dead-lettered.
    const { Key } = db().entities.hookDelivery.get(key).params<{ Key: Record<string, string> }>();
    await dynamo.send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: Object.fromEntries(Object.entries(Key).map(([name, value]) => [name, { S: value }])),
        UpdateExpression: "SET updatedAt = :old",
        ExpressionAttributeValues: {
          ":old": { S: new Date(Date.now() - 2 * 3_600_000).toISOString() },
        },
      }),
    );
    const [first, second] = await Promise.all([redeliver(), redeliver()]);
    expect([first?.status, second?.status].sort()).toEqual([202, 409]);
    events = eventsWorker();
    const got = await waitFor(async () => receiver.received.find((r) => r.json.id === eventId));
    expect(got.verifiedWith).toEqual([0]);
    const done = await waitFor(async () => {
      const item = (await db().entities.hookDelivery.get(key).go()).data;
      return item?.status === "succeeded" ? item : undefined;
    });
    expect(done.attempts).toBe(2);
    await new Promise((settle) => setTimeout(settle, 1_500));
    expect(receiver.received.filter((r) => r.json.id === eventId)).toHaveLength(1);
  });
});
