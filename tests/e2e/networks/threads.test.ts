import { createHmac } from "node:crypto";
import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type MediaItem,
  type Network,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createThreads } from "@cadence/networks/threads";
import { describe, expect, it } from "vitest";
import { networkContract } from "./contract.ts";
import {
  advanceClock,
  authorizeAs,
  networkError,
  oauthOf,
  png,
  postsReceived,
  setFault,
  sizeOf,
  timeline,
  withOwnSandbox,
} from "./support.ts";

let sandbox: RunningSandbox;
let threads: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  threads = createThreads(sandboxConfig("threads", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(threads);
});

async function connectAs(handle: string): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), handle);
  return connect.exchangeCode({ code: readCallback(threads, back, state), codeVerifier });
}

async function image(): Promise<MediaItem> {
  const item = png(sandbox, 800, 600);
  return { ...item, sizeBytes: await sizeOf(item.url) };
}
const clip = (): MediaItem => ({
  url: `${sandbox.url}/_sandbox/media/sample.mp4?bytes=100000`,
  mimeType: "video/mp4",
  sizeBytes: 100_000,
  durationSeconds: 8,
});
const text = (body: string, key: string) => ({ text: body, media: [], idempotencyKey: key });

/** What the sandbox received, with the media type Threads reports. */
async function received() {
  const { posts, count } = await postsReceived(sandbox, "threads");
  return { count, posts: posts as ((typeof posts)[number] & { mediaType?: string })[] };
}

describe("Threads: connect", () => {
  it("connects through threads.net, swaps the code's token for a 60-day one and reads the profile", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.pathname).toBe("/threads/www/oauth/authorize");
    expect(url.searchParams.get("scope")).toBe(
      "threads_basic,threads_content_publish,threads_manage_insights,threads_manage_replies",
    );
    const tokens = await connect.exchangeCode({
      code: readCallback(threads, await authorizeAs(url, "ada"), state),
      codeVerifier,
    });
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    const profile = await threads.profile(tokens);
    expect(profile).toMatchObject({
      handle: "ada",
      displayName: "Ada",
      profileUrl: `${sandbox.url}/threads/web/@ada`,
    });
    expect(tokens.context).toEqual({ userId: profile.externalId, username: "ada" });
  });

  it("refreshes with th_refresh_token; an expired token means Reconnect", async () => {
    const tokens = await connectAs("ada");
    await advanceClock(sandbox, 30 * 86_400);
    const next = await connect.refresh?.(tokens);
    expect(next?.accessToken).not.toBe(tokens.accessToken);
    expect(next?.context).toEqual(tokens.context);
    await advanceClock(sandbox, 61 * 86_400);
    const error = await networkError(() => connect.refresh?.(tokens) ?? Promise.resolve());
    expect(error.kind).toBe("auth");
    expect(error.userMessage).toContain("Reconnect");
  });
});

describe("Threads: publish", () => {
  it("publishes a text post through a container and links to its permalink", async () => {
    const tokens = await connectAs("ada");
    const result = await threads.publish({
      tokens,
      accountId: "",
      ...text("Hello, Threads 👋", "t1"),
    });
    expect(result.url).toMatch(new RegExp(`^${sandbox.url}/threads/web/@ada/post/[\\w-]+$`));
    expect((await fetch(result.url)).status).toBe(200);
    expect(await timeline(`${sandbox.url}/threads/web/@ada`)).toEqual({
      count: 1,
      texts: ["Hello, Threads 👋"],
    });
  });

  it("publishes an image with alt text, a video once processed, and a carousel", async () => {
    const tokens = await connectAs("ada");
    await threads.publish({
      tokens,
      accountId: "",
      text: "A picture",
      media: [{ ...(await image()), altText: "A blue rectangle" }],
      idempotencyKey: "t2",
    });
    await threads.publish({
      tokens,
      accountId: "",
      text: "A clip",
      media: [clip()],
      idempotencyKey: "t3",
    });
    await threads.publish({
      tokens,
      accountId: "",
      text: "Several",
      media: [await image(), clip(), await image()],
      idempotencyKey: "t4",
    });
    const { posts } = await received();
    expect(posts.map((p) => [p.text, p.mediaType, p.media.length])).toEqual([
      ["A picture", "IMAGE", 1],
      ["A clip", "VIDEO", 1],
      ["Several", "CAROUSEL_ALBUM", 3],
    ]);
    expect(posts[0]?.media[0]?.altText).toBe("A blue rectangle");
  });

  it("publishes a thread and a first comment as a reply chain", async () => {
    const tokens = await connectAs("ada");
    const result = await threads.publish({
      tokens,
      accountId: "",
      ...text("1/3 A thread", "t5"),
      thread: [{ text: "2/3 continues" }, { text: "3/3 ends", media: [await image()] }],
      firstComment: "Links in the replies",
    });
    const { posts } = await received();
    const [head, two, three, comment] = posts;
    expect(result.childIds).toEqual([two?.id, three?.id, comment?.id]);
    expect([head?.replyTo, two?.replyTo, three?.replyTo, comment?.replyTo]).toEqual([
      undefined,
      head?.id,
      two?.id,
      head?.id,
    ]);
  });

  it("finds a post it made, for reconciliation", async () => {
    const tokens = await connectAs("ada");
    const since = new Date(Date.now() - 5000).toISOString();
    const made = await threads.publish({ tokens, accountId: "", ...text("Find me", "t6") });
    const found = await threads.findPost?.({
      tokens,
      accountId: "",
      idempotencyKey: "t6",
      text: "Find me",
      since,
    });
    expect(found).toEqual({ externalId: made.externalId, url: made.url });
  });
});

describe("Threads: metrics", () => {
  it("reads views, likes, replies and reposts, quotes and shares as shares", async () => {
    const tokens = await connectAs("ada");
    const { externalId } = await threads.publish({
      tokens,
      accountId: "",
      ...text("Measure me", "m1"),
    });
    await advanceClock(sandbox, 900);
    const metrics = await threads.metrics({ tokens, accountId: "", externalId });
    expect(metrics.impressions).toBeGreaterThan(metrics.likes ?? Number.POSITIVE_INFINITY);
    expect(metrics.comments).toBeGreaterThan(0);
    expect(metrics.shares).toBeGreaterThan(0);
    expect(metrics.reach).toBeUndefined();
    expect(metrics.clicks).toBeUndefined();
  });
});

networkContract({
  network: "threads",
  sandbox: () => sandbox,
  adapter: () => threads,
  handle: "ada",
  connect: async () => ({ tokens: await connectAs("ada"), accountId: "" }),
  post: (text) => ({ text, media: [] }),
  faults: {
    serverError: { path: "/threads_publish", expect: { status: 503 } },
    // The rate limit (code 4), with the wait Meta gives.
    rateLimit: { retryAfterSeconds: 60, expect: { code: "4", retryAfterMs: 60_000 } },
    revokedMessage: "Threads says the access token is no longer valid. Reconnect the account.",
  },
});

describe("Threads: faults", () => {
  it("names Meta's code for a revoked token (190/458)", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "threads", account: "ada", kind: "revoked" });
    const error = await networkError(() =>
      threads.publish({ tokens, accountId: "", ...text("Gone", "f3") }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: "auth", code: "190/458" });
  });

  it("reports a refused video container as permanent with Threads' reason", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "threads", kind: "reject" });
    const error = await networkError(() =>
      threads.publish({
        tokens,
        accountId: "",
        text: "Refused",
        media: [clip()],
        idempotencyKey: "f4",
      }),
    );
    expect({ kind: error.kind, code: error.code, detail: error.detail }).toEqual({
      kind: "permanent",
      code: "container_error",
      detail: "FAILED_PROCESSING_VIDEO",
    });
  });

  it("refuses a post with more than five links, and reports a thread that failed part way", async () => {
    const tokens = await connectAs("ada");
    const links = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`).join(" ");
    const many = await networkError(() =>
      threads.publish({ tokens, accountId: "", ...text(links, "f5") }),
    );
    expect({ kind: many.kind, code: many.code }).toEqual({
      kind: "permanent",
      code: "100/4279026",
    });
    // Let the publishing-limit check and the head's publish through; the reply's publish fails.
    await setFault(sandbox, {
      network: "threads",
      kind: "5xx",
      path: "/threads_publish",
      after: 2,
    });
    const error = await networkError(() =>
      threads.publish({
        tokens,
        accountId: "",
        ...text("Head", "f6"),
        thread: [{ text: "Second" }],
      }),
    );
    const { posts } = await received();
    expect(posts.map((p) => p.text)).toEqual(["Head"]);
    expect(error.partial?.externalId).toBe(posts[0]?.id);
    expect(error.kind).toBe("transient");
  });
});

describe("Threads: webhooks", () => {
  const { clientSecret, webhookVerifyToken } = sandboxConfig("threads", "http://127.0.0.1");

  it("answers the subscription check for its verify token", async () => {
    const query = {
      "hub.mode": "subscribe",
      "hub.verify_token": webhookVerifyToken,
      "hub.challenge": "42",
    };
    expect(
      await threads.webhook?.({ method: "GET", headers: {}, query, rawBody: "" }),
    ).toMatchObject({
      kind: "challenge",
      body: "42",
    });
  });

  it("maps a signed reply and the uninstall callback; refuses a bad signature", async () => {
    const rawBody = JSON.stringify({
      object: "threads",
      entry: [
        {
          id: "77",
          time: 1,
          changes: [{ field: "replies", value: { id: "r1", replied_to: { id: "p1" } } }],
        },
      ],
    });
    const sign = (body: string) =>
      `sha256=${createHmac("sha256", clientSecret).update(body).digest("hex")}`;
    expect(
      await threads.webhook?.({
        method: "POST",
        headers: { "x-hub-signature-256": sign(rawBody) },
        query: {},
        rawBody,
      }),
    ).toMatchObject({
      kind: "events",
      events: [{ type: "comment", accountExternalId: "77", postExternalId: "p1" }],
    });
    expect(
      await threads.webhook?.({
        method: "POST",
        headers: { "x-hub-signature-256": sign("x") },
        query: {},
        rawBody,
      }),
    ).toEqual({ kind: "rejected", reason: "signature does not match" });
    const payload = Buffer.from(JSON.stringify({ algorithm: "HMAC-SHA256", user_id: 77 })).toString(
      "base64url",
    );
    const signed = `${createHmac("sha256", clientSecret).update(payload).digest("base64url")}.${payload}`;
    expect(
      await threads.webhook?.({
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        query: {},
        rawBody: `signed_request=${signed}`,
      }),
    ).toMatchObject({
      kind: "events",
      events: [{ type: "deauthorized", accountExternalId: "77" }],
    });
  });
});
