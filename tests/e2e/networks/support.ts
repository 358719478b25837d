import { type RunningSandbox, startSandbox } from "@cadence/local/sandbox/index";
import {
  configureOutbound,
  type Network,
  NetworkError,
  type OAuthConnect,
} from "@cadence/networks";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";

/**
 * What a person does on a network's authorize page, done with fetch: open the page, read the
 * consent form, press "Authorize" as `handle`, and follow the redirect back to Cadence.
 */
export async function authorizeAs(
  authorizeUrl: URL,
  handle: string,
  decision = "authorize",
): Promise<URL> {
  const form = await fetch(authorizeUrl);
  expect(form.status).toBe(200);
  const html = await form.text();
  const action = new URL(
    html.match(/<form method="post" action="([^"]+)"/)?.[1] ?? "",
    authorizeUrl,
  );
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    fields.set(name ?? "", decodeEntities(value ?? ""));
  }
  fields.set("handle", handle);
  fields.set("decision", decision);
  const answer = await fetch(action, { method: "POST", body: fields, redirect: "manual" });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location") ?? "");
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** A sandbox of one's own per test file, on a free port. */
export async function ownSandbox(): Promise<RunningSandbox> {
  const sandbox = await startSandbox(0);
  // A local test server: the outbound guard lets its origin through by name, nothing else.
  configureOutbound({ allowOrigins: [sandbox.url] });
  return sandbox;
}

/**
 * A sandbox of the file's own for its tests, reset before each one: `ready` builds what the file
 * needs on it (the adapter) once it is up.
 */
export function withOwnSandbox(ready: (sandbox: RunningSandbox) => void): void {
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    sandbox = await ownSandbox();
    ready(sandbox);
  });
  afterAll(() => sandbox?.close());
  beforeEach(async () => {
    await fetch(`${sandbox?.url}/_sandbox/reset`, { method: "POST" });
  });
}

/** The adapter's OAuth connection, for a network that connects through an authorize page. */
export function oauthOf(network: Network): OAuthConnect {
  if (network.connect.method !== "oauth") {
    throw new Error(`${network.displayName} connects with OAuth`);
  }
  return network.connect;
}

export async function setFault(
  sandbox: RunningSandbox,
  fault: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBe(201);
}

export async function postsReceived(sandbox: RunningSandbox, network: string, account?: string) {
  const query = new URLSearchParams({ network, ...(account ? { account } : {}) });
  const response = await fetch(`${sandbox.url}/_sandbox/posts?${query}`);
  return (await response.json()) as {
    count: number;
    requests: number;
    posts: {
      id: string;
      account: string;
      text: string;
      replyTo?: string;
      media: { mimeType: string; altText?: string }[];
      card?: { uri: string; title: string };
    }[];
  };
}

export async function advanceClock(sandbox: RunningSandbox, seconds: number): Promise<void> {
  await fetch(`${sandbox.url}/_sandbox/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
}

/** Runs `action`, expecting a NetworkError, and returns it. */
export async function networkError(action: () => Promise<unknown>): Promise<NetworkError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkError);
    return error as NetworkError;
  }
  throw new Error("expected a NetworkError, but the call succeeded");
}

export function png(sandbox: RunningSandbox, width = 64, height = 64) {
  return {
    url: `${sandbox.url}/_sandbox/media/sample.png?width=${width}&height=${height}`,
    mimeType: "image/png",
    width,
    height,
  };
}

export async function sizeOf(url: string): Promise<number> {
  return (await (await fetch(url)).arrayBuffer()).byteLength;
}

/** A page with the timeline of an account, as a browser test would read it. */
export async function timeline(url: string): Promise<{ count: number; texts: string[] }> {
  const html = await (await fetch(url)).text();
  const count = Number(html.match(/data-post-count="(\d+)"/)?.[1] ?? -1);
  const texts = [...html.matchAll(/<p class="text">([^<]*)<\/p>/g)].map((m) => m[1] ?? "");
  return { count, texts };
}
