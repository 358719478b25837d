/**
 * What the post journeys need beyond the site: the API answering the networks' callbacks at its
 * public address, posts and media made through the API, and times in a workspace's zone.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { HOST } from "@cadence/local/net";
import type { Page } from "playwright-core";
import type { ExpectStatic } from "vitest";
import { connectAccount } from "../../support/accounts.ts";
import { call, type Person } from "../../support/api.ts";
import { networksUrl } from "../../support/publishing.ts";

export { networksUrl };

/**
 * Networks send the browser back to the API's public address (`Resource.Api.url` +
 * /connect/{network}/callback), not to the port the test's site talks to: serve the same app
 * there too, so the OAuth round trip goes through the real pages.
 */
export async function serveCallbacks(): Promise<{ close(): Promise<void> }> {
  const url = new URL(JSON.parse(process.env.SST_RESOURCE_Api ?? "{}").url as string);
  const { createApp } = await import("@cadence/functions/api/app");
  const local = createRequire(import.meta.url).resolve("@cadence/local/net");
  const entry = createRequire(local).resolve("@hono/node-server");
  const { serve } = (await import(pathToFileURL(entry).href)) as {
    serve(options: {
      fetch: (request: Request) => Response | Promise<Response>;
      hostname: string;
      port: number;
    }): { close(callback?: () => void): void };
  };
  const server = serve({ fetch: createApp().fetch, hostname: HOST, port: Number(url.port) });
  return { close: () => new Promise<void>((done) => server.close(() => done())) };
}

export interface PostInfo {
  id: string;
  version: number;
  approval: string;
  approvalComment: string | null;
  text: string;
  targets: {
    id: string;
    network: string;
    state: string;
    dueAt: string | null;
    url: string | null;
  }[];
}

export async function createPost(
  person: Person,
  workspaceId: string,
  body: Record<string, unknown>,
): Promise<PostInfo> {
  const created = await call<PostInfo>("POST", `/workspaces/${workspaceId}/posts`, {
    token: person.accessToken,
    body,
  });
  if (created.status !== 201) throw new Error(`post not created: ${created.text}`);
  return created.body;
}

export async function getPost(person: Person, workspaceId: string, postId: string) {
  const found = await call<PostInfo>("GET", `/workspaces/${workspaceId}/posts/${postId}`, {
    token: person.accessToken,
  });
  return found.body;
}

/** An account as the connect flow leaves it, without tokens (enough to schedule to it). */
export function seedAccount(owner: Person, workspaceId: string, network: string, handle: string) {
  return connectAccount(owner, workspaceId, network, { handle });
}

/** Uploads an image to the library through the API, as the browser would. */
export async function seedImage(person: Person, workspaceId: string, name: string) {
  const bytes = await samplePng(640, 400);
  const base = `/workspaces/${workspaceId}/media`;
  const started = await call<{
    media: { id: string };
    upload: { url: string; fields: Record<string, string> };
  }>("POST", `${base}/uploads`, {
    token: person.accessToken,
    body: { fileName: name, contentType: "image/png", sizeBytes: bytes.length },
  });
  const form = new FormData();
  for (const [key, value] of Object.entries(started.body.upload.fields)) form.append(key, value);
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "image/png" }), name);
  const sent = await fetch(started.body.upload.url, { method: "POST", body: form });
  if (sent.status >= 300) throw new Error(`upload refused: ${await sent.text()}`);
  await call("POST", `${base}/${started.body.media.id}/complete`, { token: person.accessToken });
  return started.body.media.id;
}

/** A real PNG from the sandbox's sample media. */
export async function samplePng(width: number, height: number): Promise<Buffer> {
  const response = await fetch(
    `${networksUrl()}/_sandbox/media/sample.png?width=${width}&height=${height}`,
  );
  return Buffer.from(await response.arrayBuffer());
}

/** The wall-clock date ("YYYY-MM-DD") and time ("HH:mm") of an instant in a zone. */
export function wallClock(at: Date, zone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Scrolls to the top first, so a full-page screenshot shows the sticky bar where it belongs. */
export async function toTop(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Polls until the assertion holds, with the running test's own `expect`: the journeys run
 * side by side (describe.concurrent), where the global one cannot poll.
 */
export function poller(expect: ExpectStatic) {
  return <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });
}
