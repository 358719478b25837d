import { withActor } from "@cadence/core/actor";
import { connectAdapter } from "@cadence/core/connect/adapter";
import { Credential } from "@cadence/core/credential";
import { adapterFor } from "@cadence/core/network";
import { Publish } from "@cadence/core/publish";
import { handler } from "@cadence/functions/publish/handler";
import { queueArn } from "@cadence/local/resources";
import { startWorker } from "@cadence/local/worker";
import type { TokenSet } from "@cadence/networks";
import { expect } from "vitest";
import { authorizeAs } from "../e2e/networks/support.ts";
import { connectAccount } from "./accounts.ts";
import type { Person } from "./api.ts";

export const networksUrl = () => process.env.CADENCE_NETWORKS_URL ?? "";

/** Signs `handle` in on a sandbox network the way a person would, and returns the tokens. */
export async function signInOnSandbox(network: string, handle: string): Promise<TokenSet> {
  // The connect flow's adapter: it registers Cadence on federated servers (Mastodon) first.
  const adapter = connectAdapter(network);
  if (adapter.connect.method === "app_password") {
    return adapter.connect.signIn({ identifier: handle, password: "app-password-1234" });
  }
  const server = network === "mastodon" ? `${networksUrl()}/mastodon` : undefined;
  const codeVerifier = `verifier-${crypto.randomUUID()}-${crypto.randomUUID()}`;
  const state = crypto.randomUUID();
  const url = await adapter.connect.authorizationUrl({ state, codeVerifier, server });
  const back = await authorizeAs(url, handle);
  const code = back.searchParams.get("code") ?? "";
  return adapter.connect.exchangeCode({ code, codeVerifier, server });
}

/** A connected account with stored, sealed credentials, as the connect flow leaves it. */
export async function connectWithTokens(
  owner: Person,
  workspaceId: string,
  network: string,
  handle: string,
) {
  const tokens = await signInOnSandbox(network, handle);
  const profile = await adapterFor(network).profile(tokens);
  const account = await connectAccount(owner, workspaceId, network, {
    handle: profile.handle,
    externalId: profile.externalId,
  });
  await withActor({ type: "system", job: "test", workspace: { workspaceId } }, () =>
    Credential.store({ workspaceId, accountId: account.id, network, tokens }),
  );
  return { account, tokens, profile };
}

/** Plays the publish consumer's event source mapping on the stack's publish queue. */
export function publishWorker(concurrency = 2) {
  const url = JSON.parse(process.env.SST_RESOURCE_PublishQueue ?? "{}").url as string;
  const name = url.split("/").at(-1) ?? "";
  return startWorker({
    endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? "",
    queueUrl: url,
    queueArn: queueArn(name),
    handler,
    concurrency,
    waitTimeSeconds: 1,
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sets a fault on the stack's sandbox networks (5xx, 429, timeout, revoked, reject…). */
export async function sandboxFault(body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${networksUrl()}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
}

export interface SandboxPost {
  id: string;
  account: string;
  text: string;
  createdAt: string;
  replyTo?: string;
  media: { mimeType: string }[];
}

/** What a sandbox network received, for one account or all of them. */
export async function sandboxPosts(network: string, handle?: string): Promise<SandboxPost[]> {
  const query = new URLSearchParams({ network, ...(handle ? { account: handle } : {}) });
  const response = await fetch(`${networksUrl()}/_sandbox/posts?${query}`);
  return ((await response.json()) as { posts: SandboxPost[] }).posts;
}

export { Publish };
