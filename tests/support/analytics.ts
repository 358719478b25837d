import { Publish } from "@cadence/core/publish";
import { expect } from "vitest";
import { call, type Person } from "./api.ts";

export const networksUrl = () => process.env.CADENCE_NETWORKS_URL ?? "";

export interface PublishedPost {
  id: string;
  targets: {
    id: string;
    state: string;
    version: number;
    externalId: string | null;
    publishedAt?: string | null;
  }[];
}

/** Creates a post for one account and publishes it now, as the publish consumer would. */
export async function publishNow(
  person: Person,
  workspaceId: string,
  accountId: string,
  body: { text: string; tags?: string[]; campaign?: string },
): Promise<PublishedPost> {
  const created = await call<PublishedPost>("POST", `/workspaces/${workspaceId}/posts`, {
    token: person.accessToken,
    body: { ...body, targets: [{ accountId }], schedule: { mode: "now" } },
  });
  expect(created.status, created.text).toBe(201);
  const target = created.body.targets[0];
  await Publish.process({ workspaceId, targetId: target?.id ?? "", version: target?.version ?? 0 });
  // Another worker on the same queue may have claimed it first; either way it goes out once.
  for (let tries = 0; tries < 100; tries += 1) {
    const post = await call<PublishedPost>(
      "GET",
      `/workspaces/${workspaceId}/posts/${created.body.id}`,
      { token: person.accessToken },
    );
    if (post.body.targets[0]?.state === "published") return post.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the post was not published");
}

/** Pins a sandbox post's figures (by the sandbox's names) so ingestion reads exact numbers. */
export async function pinPostFigures(
  network: string,
  postId: string,
  metrics: Record<string, number>,
): Promise<void> {
  const response = await fetch(`${networksUrl()}/_sandbox/figures`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ network, postId, metrics }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** Pins a sandbox account's followers, following and post count. */
export async function pinAccountFigures(
  network: string,
  account: string,
  figures: { followers?: number; following?: number; posts?: number },
): Promise<void> {
  const response = await fetch(`${networksUrl()}/_sandbox/figures`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ network, account, ...figures }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}
