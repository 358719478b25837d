import { withActor } from "@cadence/core/actor";
import { Credential } from "@cadence/core/credential";
import type { TokenSet } from "@cadence/networks";
import { expect } from "vitest";
import { type ApiResponse, call, type Person } from "./api.ts";

/**
 * Connecting accounts the way the site does it: start through the API, authorize on the sandbox
 * network's page with fetch, and follow the redirect to the API's public callback.
 */
export const networksUrl = () => process.env.CADENCE_NETWORKS_URL ?? "";

/** A page on the site for the browser to come back to. */
export const siteReturn = () =>
  `${JSON.parse(process.env.SST_RESOURCE_Web ?? "{}").url as string}/app/connections`;

export const unique = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export interface Started {
  attemptId?: string;
  authorizationUrl?: string;
  expiresAt?: string;
  account?: { id: string; handle: string; status: string };
  /** Set when the API refused: the problem document's code and field. */
  code?: string;
  field?: string;
}

export async function startConnection(
  person: Person,
  workspaceId: string,
  body: Record<string, unknown>,
): Promise<ApiResponse<Started>> {
  return call<Started>("POST", `/workspaces/${workspaceId}/connections`, {
    token: person.accessToken,
    body: { returnTo: siteReturn(), ...body },
  });
}

/**
 * What a person does on the network's authorize page: read the consent form, sign in as
 * `handle`, press Authorize (or Cancel). `dropScopes` edits the granted scopes, as a person
 * unticking a permission would. Returns where the network sends the browser.
 */
export async function authorizeOnNetwork(
  authorizationUrl: string,
  handle: string,
  options: { decision?: "authorize" | "deny"; dropScopes?: string[] } = {},
): Promise<URL> {
  const form = await fetch(authorizationUrl);
  expect(form.status).toBe(200);
  const html = await form.text();
  const action = new URL(
    html.match(/<form method="post" action="([^"]+)"/)?.[1] ?? "",
    authorizationUrl,
  );
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    fields.set(name ?? "", decode(value ?? ""));
  }
  if (options.dropScopes) {
    const scopes = (fields.get("scope") ?? "").split(/[ ,]+/);
    fields.set("scope", scopes.filter((s) => !options.dropScopes?.includes(s)).join(" "));
  }
  fields.set("handle", handle);
  fields.set("decision", options.decision ?? "authorize");
  const answer = await fetch(action, { method: "POST", body: fields, redirect: "manual" });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location") ?? "");
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The browser arriving at the API's callback; returns the redirect's query (or the answer). */
export async function followCallback(back: URL): Promise<{
  response: ApiResponse;
  outcome: URLSearchParams;
}> {
  expect(back.pathname).toMatch(/^\/connect\/[\w-]+\/callback$/);
  const response = await call("GET", `${back.pathname}${back.search}`);
  const location = response.headers.get("location");
  return { response, outcome: location ? new URL(location).searchParams : new URLSearchParams() };
}

/** Start, authorize as `handle` and come back: the connected account's id. */
export async function connectThroughApi(
  person: Person,
  workspaceId: string,
  network: string,
  handle: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const started = await startConnection(person, workspaceId, { network, ...body });
  expect(started.status, started.text).toBe(201);
  if (started.body.account) return started.body.account.id;
  const back = await authorizeOnNetwork(started.body.authorizationUrl ?? "", handle);
  const { outcome } = await followCallback(back);
  const connected = outcome.get("connected");
  expect(connected, outcome.toString()).toBeTruthy();
  return connected ?? "";
}

/** The stored tokens of an account, opened as the publish consumer would. */
export function storedTokens(workspaceId: string, accountId: string): Promise<TokenSet> {
  return withActor(
    { type: "system", job: "test", workspace: { workspaceId } },
    async () => (await Credential.read(workspaceId, accountId)).tokens,
  );
}

/** Whether an X access token still works at the sandbox. */
export async function xTokenWorks(accessToken: string): Promise<boolean> {
  const response = await fetch(`${networksUrl()}/x/2/users/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return response.status === 200;
}

export async function sandboxFault(fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${networksUrl()}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBe(201);
}
