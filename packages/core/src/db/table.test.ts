import { type ConsumedCapacity, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { Account } from "../account/index.ts";
import { targetIdFor } from "../post/ids.ts";
import { Target } from "../target/index.ts";
import { newId } from "../util/id.ts";
import { documentClient, dynamo, tableName } from "./client.ts";
import { checkShards, type TargetItem } from "./entities/target.ts";
import { db } from "./service.ts";
import { globalIndexes } from "./table.ts";

/** Sends an ElectroDB write as built, asking DynamoDB which indexes it wrote. */
async function unitsByIndex(params: object): Promise<Record<string, number>> {
  const result = await documentClient.send(
    new UpdateCommand({ ...(params as UpdateCommandInput), ReturnConsumedCapacity: "INDEXES" }),
  );
  const consumed = result.ConsumedCapacity;
  return {
    table: consumed?.Table?.CapacityUnits ?? 0,
    ...Object.fromEntries(
      Object.entries(consumed?.GlobalSecondaryIndexes ?? {}).map(([name, c]) => [
        name,
        c.CapacityUnits ?? 0,
      ]),
    ),
  };
}

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
  const workspaceId = newId("ws");
  const postId = newId("post");
  const targetId = targetIdFor(postId, 0);
  const accountId = newId("acc");
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

describe("the table's indexes", () => {
  it("the local table projects each index as table.ts says, as infra/storage.ts deploys it", async () => {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: tableName() }));
    const projections = Object.fromEntries(
      (table.Table?.GlobalSecondaryIndexes ?? []).map((i) => [
        i.IndexName,
        i.Projection?.ProjectionType,
      ]),
    );
    expect(projections).toEqual(
      Object.fromEntries(Object.entries(globalIndexes).map(([name, i]) => [name, i.projection])),
    );
  });

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

  it("an update that moves the due time moves the target in the account timeline", async () => {
    const { workspaceId, postId, targetId, accountId } = await scheduledTarget();
    const move = db()
      .entities.target.patch({ workspaceId, postId, targetId })
      .set({ dueAt: "2031-05-05T10:00:00.000Z", dueMonth: "2031-05", accountId })
      .params();
    const units = await unitsByIndex(move);
    // Delete and put of a keys-only entry.
    expect(units.gsi2).toBe(2);
  });

  it("an account's timeline query returns whole targets, read by primary key", async () => {
    const { accountId, targetId, dueAt } = await scheduledTarget();
    const found = await Account.targetsBetween(accountId, "2031-05-01", "2031-06-01");
    expect(found.map((t) => t.targetId)).toEqual([targetId]);
    expect(found[0]).toMatchObject({ state: "scheduled", dueAt, preview: "A post" });
    expect(found[0]?.overrides).toEqual({ text: "x".repeat(2_000) });
  });

  it("the check index finds a lapsed claim and hands back the whole target", async () => {
    const { workspaceId, postId, targetId } = await scheduledTarget();
    const shard = String(checkShards - 1);
    await db()
      .entities.target.patch({ workspaceId, postId, targetId })
      .set({
        state: "publishing",
        leaseUntil: "2001-01-01T00:00:00.000Z",
        checkAt: "2001-01-01T00:00:00.000Z",
        checkShard: shard,
      })
      .go();
    const lapsed = await db()
      .entities.target.query.byCheck({ checkShard: shard })
      .lt({ checkAt: "2001-01-02T00:00:00.000Z" })
      .go({ pages: "all", hydrate: true });
    const mine = lapsed.data.find((t) => t.targetId === targetId);
    expect(mine).toMatchObject({ state: "publishing", network: "bluesky", workspaceId });
  });
});
