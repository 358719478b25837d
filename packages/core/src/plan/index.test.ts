import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { documentClient, tableName } from "../db/client.ts";
import { db } from "../db/service.ts";
import { newId } from "../util/id.ts";
import { Plan } from "./index.ts";

async function workspace(): Promise<string> {
  const workspaceId = newId("ws");
  await db().entities.workspace.create({ workspaceId, name: "Plan test" }).go();
  return workspaceId;
}

describe("plans", () => {
  it("a workspace is on the free plan until its item names another", async () => {
    const workspaceId = await workspace();
    expect(await Plan.ofWorkspace(workspaceId)).toBe("free");
    // What billing will write: a `plan` attribute on the workspace item.
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `ws#${workspaceId}`, sk: "workspace" },
        UpdateExpression: "SET #plan = :plan",
        ExpressionAttributeNames: { "#plan": "plan" },
        ExpressionAttributeValues: { ":plan": "pro" },
      }),
    );
    expect(await Plan.ofWorkspace(workspaceId)).toBe("pro");
    expect(Plan.limits.pro.maxUploadBytes.video).toBe(1024 ** 3);
  });

  it("an unknown plan name counts as free", async () => {
    const workspaceId = await workspace();
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `ws#${workspaceId}`, sk: "workspace" },
        UpdateExpression: "SET #plan = :plan",
        ExpressionAttributeNames: { "#plan": "plan" },
        ExpressionAttributeValues: { ":plan": "platinum" },
      }),
    );
    expect(await Plan.ofWorkspace(workspaceId)).toBe("free");
  });

  it("sizes read as people say them", () => {
    expect(Plan.formatBytes(50 * 1024 * 1024)).toBe("50 MB");
    expect(Plan.formatBytes(5 * 1024 ** 3)).toBe("5 GB");
    expect(Plan.formatBytes(1536)).toBe("1.5 KB");
    expect(Plan.formatBytes(12)).toBe("12 bytes");
  });
});
