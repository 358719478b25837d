import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, signUp } from "../support/api.ts";
import { eventually, expectAccessible, openPage, settled, useSession } from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

describe("needs attention", () => {
  test("an owner sees a post stuck before publishing, in words, and tries it again", async () => {
    const owner = await signUp("attention");
    // A publish message of this workspace that ended in the DLQ.
    const dlq = JSON.parse(process.env.SST_RESOURCE_PublishDlq ?? "{}").url as string;
    const targetId = `tgt_${"0".repeat(26)}_0`;
    await new SQSClient({}).send(
      new SendMessageCommand({
        QueueUrl: dlq,
        MessageBody: JSON.stringify({ workspaceId: owner.workspaceId, targetId, version: 1 }),
        MessageAttributes: {
          ERROR_CODE: { DataType: "String", StringValue: "QueueUnavailable" },
          ERROR_MESSAGE: { DataType: "String", StringValue: "the queue could not be reached" },
        },
      }),
    );
    const { page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/attention");
    await settled(page);
    const card = page.getByRole("region", { name: "Posts stuck before publishing" });
    await eventually(() =>
      card
        .getByText(
          "At its time, Cadence could not hand this post over for publishing (the scheduler said: QueueUnavailable: the queue could not be reached).",
        )
        .count(),
    ).toBe(1);
    await expectAccessible(page, "attention-dead-letters");
    await card.getByRole("button", { name: "Try again" }).click();
    await eventually(() => card.getByText("Nothing stuck").count()).toBe(1);
    const left = await call<{ items: unknown[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/dead-letters`,
      {
        token: owner.accessToken,
      },
    );
    expect(left.body.items).toEqual([]);
  });
});
