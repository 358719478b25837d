import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { Account } from "../account/index.ts";
import { targetIdFor } from "../post/ids.ts";
import { newId } from "../util/id.ts";
import { documentClient, dynamo, tableName } from "./client.ts";
import { checkShards } from "./entities/target.ts";
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
