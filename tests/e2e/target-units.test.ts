import { randomUUID } from "node:crypto";
import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import { documentClient } from "@cadence/core/db/client";
import { db } from "@cadence/core/db/service";
import { providePorts } from "@cadence/core/ports";
import { targetIdFor } from "@cadence/core/post";
import { Target } from "@cadence/core/target";
import { awsPorts } from "@cadence/functions/wire";
import { beforeAll, describe, expect, it } from "vitest";

type TargetItem = NonNullable<Awaited<ReturnType<typeof Target.load>>>;

// What the publish path's two writes cost in each index, measured on DynamoDB Local (which
// reports index units as DynamoDB does): the claim and the result of one target.
beforeAll(() => providePorts(awsPorts()));

/** Runs `work`, adding up the units each index took for every DynamoDB write it sent. */
async function unitsOf<T>(
  work: () => Promise<T>,
): Promise<{ value: T; units: Record<string, number> }> {
  const units: Record<string, number> = {};
  const name = `units-${Math.random()}`;
  documentClient.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "INDEXES";
      const result = await next(args);
      // The target's own writes only (a result also records an event, a different item).
      const key = (args.input as { Key?: { sk?: string } }).Key;
      if (!key?.sk?.startsWith("target#")) return result;
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity;
      const add = (index: string, n = 0) => {
        if (n > 0) units[index] = (units[index] ?? 0) + n;
      };
      add("table", consumed?.Table?.CapacityUnits);
      for (const [index, c] of Object.entries(consumed?.GlobalSecondaryIndexes ?? {}))
        add(index, c.CapacityUnits);
      return result;
    },
    { step: "initialize", name },
  );
  try {
    return { value: await work(), units };
  } finally {
    documentClient.middlewareStack.remove(name);
  }
}

async function scheduledTarget() {
  const workspaceId = `ws_units_${randomUUID()}`;
  const postId = `pst_${Date.now().toString(36).padStart(10, "0")}${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const targetId = targetIdFor(postId, 0);
  const accountId = `acc_units_${randomUUID()}`;
  const dueAt = "2031-05-04T10:00:00.000Z";
  await db()
    .entities.target.create({
      workspaceId,
      postId,
      targetId,
      accountId,
      network: "bluesky",
      state: "scheduled",
      dueAt,
      dueMonth: dueAt.slice(0, 7),
      overrides: { text: "x".repeat(2_000) },
      preview: "A post",
      // In the check index while waiting, as core/target files a scheduled target.
      checkAt: "2031-05-04T10:01:00.000Z",
      checkShard: "1",
    })
    .go();
  return { workspaceId, postId, targetId, accountId, dueAt };
}

describe("the publish path's writes", () => {
  it("a claim writes the item alone; the result leaves the check index and enters the published one", async () => {
    const { workspaceId, postId, targetId } = await scheduledTarget();
    const scheduled = (await db().entities.target.get({ workspaceId, postId, targetId }).go())
      .data as TargetItem;
    const claimed = await unitsOf(() => Target.claim(scheduled, Date.now()));
    // No index copies state, lease or attempt: the claim is one write on the item (two units
    // here, where 2 KB of overrides make the item larger than 1 KB).
    expect(Object.keys(claimed.units)).toEqual(["table"]);
    const published = await unitsOf(() =>
      Target.succeed(claimed.value as TargetItem, {
        externalId: "x1",
        url: "https://example.test/x1",
        publishedAt: new Date().toISOString(),
      }),
    );
    // Out of the check index (a keys-only delete) and into the published-on index (a put).
    expect(published.units.gsi3).toBe(1);
    expect(published.units.gsi4).toBe(1);
    expect(Object.keys(published.units).sort()).toEqual(["gsi3", "gsi4", "table"]);
  });
});
