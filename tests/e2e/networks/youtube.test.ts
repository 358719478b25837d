import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type Network,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createYouTube } from "@cadence/networks/youtube";
import { describe, expect, it } from "vitest";
import { networkContract } from "./contract.ts";
import {
  advanceClock,
  authorizeAs,
  networkError,
  oauthOf,
  postsReceived,
  setFault,
  sizeOf,
  timeline,
  withOwnSandbox,
} from "./support.ts";

let sandbox: RunningSandbox;
let youtube: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  youtube = createYouTube(sandboxConfig("youtube", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(youtube);
});

async function connectAs(handle: string): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), handle);
  return connect.exchangeCode({ code: readCallback(youtube, back, state), codeVerifier });
}

const MiB = 1024 * 1024;

function video(bytes: number, shape: { width: number; height: number; seconds: number }) {
  return {
    url: `${sandbox.url}/_sandbox/media/sample.mp4?bytes=${bytes}`,
    mimeType: "video/mp4",
    sizeBytes: bytes,
    width: shape.width,
    height: shape.height,
    durationSeconds: shape.seconds,
  };
}
const landscape = { width: 1920, height: 1080, seconds: 95 };

/** A fetch that records method, path and Content-Range of every call. */
function recording(calls: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const range = new Headers(init?.headers).get("content-range");
    calls.push(`${init?.method ?? "GET"} ${url.pathname}${range ? ` ${range}` : ""}`);
    return fetch(input, init);
  };
}

describe("YouTube: connect", () => {
  it("connects through Google's consent page for offline access and lists the channel", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.pathname).toBe("/youtube/o/oauth2/v2/auth");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      access_type: "offline",
      prompt: "consent",
      code_challenge_method: "S256",
    });
    const back = await authorizeAs(url, "ada");
    const tokens = await connect.exchangeCode({
      code: readCallback(youtube, back, state),
      codeVerifier,
    });
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.scopes).toContain("https://www.googleapis.com/auth/youtube.upload");
    const profile = await youtube.profile(tokens);
    expect(profile).toMatchObject({
      handle: "@ada",
      displayName: "Ada",
      profileUrl: `${sandbox.url}/youtube/@ada`,
      subAccounts: [{ externalId: profile.externalId, kind: "channel", name: "Ada" }],
    });
    expect(profile.externalId).toMatch(/^UC[\w-]{22}$/);
    expect(tokens.context).toEqual({ channelId: profile.externalId, handle: "@ada" });
  });

  it("refreshes without rotating the refresh token, and asks to reconnect once revoked", async () => {
    const first = await connectAs("ada");
    const second = await connect.refresh?.(first);
    expect(second?.accessToken).not.toBe(first.accessToken);
    expect(second?.refreshToken).toBe(first.refreshToken);
    await connect.revoke?.(first);
    // Revoking a grant that is already gone succeeds: that is what was asked.
    await connect.revoke?.(first);
    const error = await networkError(() => connect.refresh?.(first) ?? Promise.resolve());
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: "auth", code: "invalid_grant" });
    expect(error.userMessage).toContain("Reconnect");
  });

  it("says a Google account without a channel must create one", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const back = await authorizeAs(
      await connect.authorizationUrl({ state, codeVerifier }),
      "nochannel_bo",
    );
    const error = await networkError(() =>
      connect.exchangeCode({ code: readCallback(youtube, back, state), codeVerifier }),
    );
    expect(error.userMessage).toBe(
      "This Google account has no YouTube channel. Create the channel on YouTube, then reconnect the account.",
    );
  });
});

describe("YouTube: publish", () => {
  it("uploads a 20 MiB video in resumable 8 MiB chunks with its title, description and tags", async () => {
    const tokens = await connectAs("ada");
    const calls: string[] = [];
    const counted = createYouTube(
      sandboxConfig("youtube", sandbox.url, { fetch: recording(calls) }),
    );
    const result = await counted.publish({
      tokens,
      accountId: tokens.context?.channelId ?? "",
      text: "How we built it, start to finish.",
      media: [video(20 * MiB, landscape)],
      options: {
        title: "Building Cadence",
        privacy: "unlisted",
        tags: ["cadence", "behind the scenes"],
      },
      idempotencyKey: "y1",
    });
    expect(calls.filter((call) => call.includes("/upload/"))).toEqual([
      "POST /youtube/upload/youtube/v3/videos",
      "PUT /youtube/upload/youtube/v3/videos bytes 0-8388607/20971520",
      "PUT /youtube/upload/youtube/v3/videos bytes 8388608-16777215/20971520",
      "PUT /youtube/upload/youtube/v3/videos bytes 16777216-20971519/20971520",
    ]);
    expect(result.url).toBe(`${sandbox.url}/youtube/watch?v=${result.externalId}`);
    expect((await fetch(result.url)).status).toBe(200);
    const { posts } = await postsReceived(sandbox, "youtube");
    expect(posts[0]).toMatchObject({
      title: "Building Cadence",
      privacyStatus: "unlisted",
      tags: ["cadence", "behind the scenes"],
      uploadStatus: "processed",
    });
    expect(await timeline(`${sandbox.url}/youtube/@ada`)).toEqual({
      count: 1,
      texts: ["How we built it, start to finish."],
    });
  });

  it("resumes an upload broken mid-chunk from the byte YouTube says it holds", async () => {
    const tokens = await connectAs("ada");
    // The session start and the first chunk pass; the second breaks after half arrived.
    await setFault(sandbox, {
      network: "youtube",
      kind: "5xx",
      path: "/upload/youtube/v3/videos",
      after: 2,
    });
    const calls: string[] = [];
    const counted = createYouTube(
      sandboxConfig("youtube", sandbox.url, { fetch: recording(calls) }),
    );
    const result = await counted.publish({
      tokens,
      accountId: "",
      text: "Resumed",
      media: [video(20 * MiB, landscape)],
      options: { title: "Resumed upload" },
      idempotencyKey: "y2",
    });
    expect(calls.filter((call) => call.startsWith("PUT"))).toEqual([
      "PUT /youtube/upload/youtube/v3/videos bytes 0-8388607/20971520",
      "PUT /youtube/upload/youtube/v3/videos bytes 8388608-16777215/20971520",
      "PUT /youtube/upload/youtube/v3/videos bytes */20971520",
      "PUT /youtube/upload/youtube/v3/videos bytes 12582912-16777215/20971520",
      "PUT /youtube/upload/youtube/v3/videos bytes 16777216-20971519/20971520",
    ]);
    expect(result.externalId).toBeTruthy();
    const { count, requests } = await postsReceived(sandbox, "youtube");
    expect({ count, requests }).toEqual({ count: 1, requests: 1 });
  });

  it("publishes a Short: vertical, tagged #Shorts, linked under /shorts", async () => {
    const tokens = await connectAs("ada");
    const result = await youtube.publish({
      tokens,
      accountId: "",
      text: "Sixty seconds of sunrise",
      media: [video(2 * MiB, { width: 1080, height: 1920, seconds: 60 })],
      options: { title: "Sunrise", shorts: true },
      idempotencyKey: "y3",
    });
    expect(result.url).toBe(`${sandbox.url}/youtube/shorts/${result.externalId}`);
    const { posts } = await postsReceived(sandbox, "youtube");
    expect(posts[0]?.text).toBe("Sixty seconds of sunrise\n\n#Shorts");
  });

  it("adds the first comment and a custom thumbnail", async () => {
    const tokens = await connectAs("ada");
    const thumbnailUrl = `${sandbox.url}/_sandbox/media/sample.jpg?width=1280&height=720`;
    expect(await sizeOf(thumbnailUrl)).toBeLessThan(2 * MiB);
    const result = await youtube.publish({
      tokens,
      accountId: "",
      text: "With a comment",
      media: [video(MiB, landscape)],
      firstComment: "Chapters: 0:00 intro",
      options: { title: "Commented", thumbnailUrl },
      idempotencyKey: "y4",
    });
    const { posts } = await postsReceived(sandbox, "youtube");
    const [head, comment] = posts;
    expect(result.childIds).toEqual([comment?.id]);
    expect(comment).toMatchObject({ text: "Chapters: 0:00 intro", replyTo: head?.id });
    expect(head).toMatchObject({ thumbnail: expect.stringContaining("sample.jpg") });
  });

  it("finds a video it uploaded by its description, for reconciliation", async () => {
    const tokens = await connectAs("ada");
    const since = new Date(Date.now() - 5000).toISOString();
    const made = await youtube.publish({
      tokens,
      accountId: "",
      text: "Find me",
      media: [video(MiB, landscape)],
      options: { title: "Findable" },
      idempotencyKey: "y5",
    });
    const found = await youtube.findPost?.({
      tokens,
      accountId: "",
      idempotencyKey: "y5",
      text: "Find me",
      since,
    });
    expect(found?.externalId).toBe(made.externalId);
  });

  it("reads views, likes and comments that grow; impressions and the rest stay undefined", async () => {
    const tokens = await connectAs("ada");
    const { externalId } = await youtube.publish({
      tokens,
      accountId: "",
      text: "Measure me",
      media: [video(MiB, landscape)],
      options: { title: "Measured" },
      idempotencyKey: "y6",
    });
    await advanceClock(sandbox, 600);
    const fresh = (await connect.refresh?.(tokens)) ?? tokens;
    const metrics = await youtube.metrics({ tokens: fresh, accountId: "", externalId });
    expect(metrics.videoViews).toBeGreaterThan(0);
    expect(metrics.likes).toBeGreaterThan(0);
    expect(metrics.comments).toBeGreaterThan(0);
    expect(metrics).toEqual({
      videoViews: metrics.videoViews,
      likes: metrics.likes,
      comments: metrics.comments,
    });
    expect(metrics.impressions).toBeUndefined();
    const gone = await networkError(() =>
      youtube.metrics({ tokens: fresh, accountId: "", externalId: "nope" }),
    );
    expect({ kind: gone.kind, code: gone.code }).toEqual({
      kind: "permanent",
      code: "videoNotFound",
    });
  });
});

networkContract({
  network: "youtube",
  sandbox: () => sandbox,
  adapter: () => youtube,
  handle: "ada",
  connect: async () => ({ tokens: await connectAs("ada"), accountId: "" }),
  // Every YouTube post is a video with a title.
  post: (text) => ({ text, media: [video(MiB, landscape)], options: { title: text } }),
  faults: {
    serverError: { path: "/upload/youtube/v3/videos", expect: { status: 503 } },
    // The daily quota (403 quotaExceeded): see the test of when it resets below.
    rateLimit: { expect: { status: 403, code: "quotaExceeded" } },
    revokedMessage: "YouTube says the access token is no longer valid. Reconnect the account.",
  },
});

describe("YouTube: faults", () => {
  it("waits for the daily quota to reset at midnight Pacific time", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "youtube", account: "ada", kind: "429" });
    const error = await networkError(() =>
      youtube.publish({
        tokens,
        accountId: "",
        text: "Over quota",
        media: [video(MiB, landscape)],
        options: { title: "Quota" },
        idempotencyKey: "f1",
      }),
    );
    expect({ kind: error.kind, status: error.status, code: error.code }).toEqual({
      kind: "transient",
      status: 403,
      code: "quotaExceeded",
    });
    const resetsAt = new Intl.DateTimeFormat("en-US", {
      timeZone: "America/Los_Angeles",
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date(Date.now() + (error.retryAfterMs ?? 0) + 30_000));
    expect(resetsAt).toBe("00:00");
    expect(error.userMessage).toMatch(/^YouTube's daily API quota for Cadence is used up/);
  });

  it("classifies a video YouTube rejected as permanent, with YouTube's reason in words", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "youtube", kind: "reject" });
    const error = await networkError(() =>
      youtube.publish({
        tokens,
        accountId: "",
        text: "Again",
        media: [video(MiB, landscape)],
        options: { title: "Duplicate" },
        idempotencyKey: "f3",
      }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "duplicate",
    });
    expect(error.userMessage).toBe(
      "YouTube rejected the video: it duplicates a video already uploaded. Use a different video.",
    );
  });
});
