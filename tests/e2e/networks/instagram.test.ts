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
import { createInstagram } from "@cadence/networks/instagram";
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
let instagram: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  instagram = createInstagram(sandboxConfig("instagram", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(instagram);
});

async function connectAs(handle: string, server?: "facebook"): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const url = await connect.authorizationUrl({ state, codeVerifier, server });
  const back = await authorizeAs(url, handle);
  return connect.exchangeCode({ code: readCallback(instagram, back, state), codeVerifier, server });
}

async function jpeg(width = 1080, height = 1350): Promise<MediaItem> {
  const url = `${sandbox.url}/_sandbox/media/sample.jpg?width=${width}&height=${height}`;
  return { url, mimeType: "image/jpeg", width, height, sizeBytes: await sizeOf(url) };
}

const clip = (): MediaItem => ({
  url: `${sandbox.url}/_sandbox/media/sample.mp4?bytes=200000`,
  mimeType: "video/mp4",
  sizeBytes: 200_000,
  durationSeconds: 12,
});

/** What the sandbox received, with Instagram's media and product types. */
async function received(account?: string) {
  const { posts, count } = await postsReceived(sandbox, "instagram", account);
  return {
    count,
    posts: posts as ((typeof posts)[number] & { mediaType?: string; productType?: string })[],
  };
}

describe("Instagram: connect", () => {
  it("connects with Business Login for Instagram and keeps a 60-day token", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.pathname).toBe("/instagram/www/oauth/authorize");
    expect(url.searchParams.get("scope")).toBe(
      "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments,instagram_business_manage_insights",
    );
    const tokens = await connect.exchangeCode({
      code: readCallback(instagram, await authorizeAs(url, "ada"), state),
      codeVerifier,
    });
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(tokens.scopes).toContain("instagram_business_content_publish");
    const profile = await instagram.profile(tokens);
    expect(profile).toMatchObject({
      handle: "ada",
      profileUrl: `${sandbox.url}/instagram/web/ada/`,
    });
    expect(tokens.context).toEqual({
      login: "instagram",
      userId: profile.externalId,
      username: "ada",
    });
  });

  it("refreshes a long-lived token for another 60 days", async () => {
    const tokens = await connectAs("ada");
    await advanceClock(sandbox, 50 * 86_400);
    const next = await connect.refresh?.(tokens);
    expect(next).toMatchObject({ context: tokens.context, expiresAt: expect.any(String) });
    expect((await instagram.profile(next ?? tokens)).handle).toBe("ada");
  });

  it("connects through Facebook Login and lists the Instagram accounts of the person's Pages", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier, server: "facebook" });
    expect(url.pathname).toBe("/facebook/www/v26.0/dialog/oauth");
    expect(url.searchParams.get("client_id")).toBe(sandboxConfig("facebook", sandbox.url).clientId);
    const user = await connect.exchangeCode({
      code: readCallback(instagram, await authorizeAs(url, "bo"), state),
      codeVerifier,
      server: "facebook",
    });
    const profile = await instagram.profile(user);
    expect(profile.handle).toBe("Bo");
    expect(profile.subAccounts).toEqual([
      {
        externalId: expect.any(String),
        kind: "instagram_business",
        name: "bo.news",
        tokens: {
          accessToken: expect.any(String),
          context: {
            login: "facebook",
            pageId: expect.any(String),
            userId: profile.subAccounts?.[0]?.externalId,
          },
        },
      },
    ]);
    const account = profile.subAccounts?.[0];
    expect((await instagram.profile(account?.tokens ?? user)).handle).toBe("bo.news");
  });
});

describe("Instagram: publish", () => {
  it("publishes a feed image with alt text through a container and links to the permalink", async () => {
    const tokens = await connectAs("ada");
    const result = await instagram.publish({
      tokens,
      accountId: tokens.context?.userId ?? "",
      text: "First light #sandbox",
      media: [{ ...(await jpeg()), altText: "A grey square" }],
      idempotencyKey: "i1",
    });
    expect(result.url).toMatch(new RegExp(`^${sandbox.url}/instagram/web/p/[\\w-]+/$`));
    expect((await fetch(result.url)).status).toBe(200);
    expect(await timeline(`${sandbox.url}/instagram/web/ada/`)).toEqual({
      count: 1,
      texts: ["First light #sandbox"],
    });
    const { posts } = await received();
    expect(posts[0]).toMatchObject({ mediaType: "IMAGE", productType: "FEED" });
    expect(posts[0]?.media[0]).toMatchObject({ mimeType: "image/jpeg", altText: "A grey square" });
  });

  it("waits for a reel's container to finish processing before publishing it", async () => {
    const tokens = await connectAs("ada");
    const checks: string[] = [];
    const counting: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (url.searchParams.get("fields") === "status_code,status") checks.push(url.pathname);
      return fetch(input, init);
    };
    const counted = createInstagram(sandboxConfig("instagram", sandbox.url, { fetch: counting }));
    await counted.publish({
      tokens,
      accountId: "",
      text: "A reel",
      media: [clip()],
      idempotencyKey: "i2",
    });
    expect(checks.length).toBe(3);
    const { posts } = await received();
    expect(posts[0]).toMatchObject({ mediaType: "VIDEO", productType: "REELS", text: "A reel" });
  });

  it("publishes a story without its caption, and a carousel of images and a video", async () => {
    const tokens = await connectAs("ada");
    await instagram.publish({
      tokens,
      accountId: "",
      text: "Not shown",
      media: [await jpeg(1080, 1920)],
      options: { postType: "story" },
      idempotencyKey: "i3",
    });
    await instagram.publish({
      tokens,
      accountId: "",
      text: "Three in one",
      media: [await jpeg(), await jpeg(1080, 1080), clip()],
      idempotencyKey: "i4",
    });
    const { posts } = await received();
    expect(posts.map((p) => [p.productType, p.mediaType, p.text, p.media.length])).toEqual([
      ["STORY", "IMAGE", "", 1],
      ["FEED", "CAROUSEL_ALBUM", "Three in one", 3],
    ]);
  });

  it("publishes through Facebook Login with the Page's token on graph.facebook.com", async () => {
    const user = await connectAs("bo", "facebook");
    const account = (await instagram.profile(user)).subAccounts?.[0];
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(new URL(input instanceof Request ? input.url : input).pathname);
      return fetch(input, init);
    };
    const counted = createInstagram(sandboxConfig("instagram", sandbox.url, { fetch: counting }));
    await counted.publish({
      tokens: account?.tokens ?? user,
      accountId: account?.externalId ?? "",
      text: "Via the Page",
      media: [await jpeg()],
      firstComment: "More in the comments",
      idempotencyKey: "i5",
    });
    expect(calls).toContain(`/facebook/graph/v26.0/${account?.externalId}/media_publish`);
    expect(calls.some((path) => path.startsWith("/instagram/graph"))).toBe(false);
    const { posts } = await received("bo.news");
    expect(posts.map((p) => [p.text, p.replyTo])).toEqual([
      ["Via the Page", undefined],
      ["More in the comments", posts[0]?.id],
    ]);
  });

  it("refuses threads, and names Instagram's reasons for an image it will not take", async () => {
    const tokens = await connectAs("ada");
    const thread = await networkError(() =>
      instagram.publish({
        tokens,
        accountId: "",
        text: "a",
        media: [clip()],
        thread: [{ text: "b" }],
        idempotencyKey: "i6",
      }),
    );
    expect(thread.code).toBe("thread_unsupported");
    const tall = await networkError(async () =>
      instagram.publish({
        tokens,
        accountId: "",
        text: "Too tall",
        media: [await jpeg(1080, 1920)],
        idempotencyKey: "i7",
      }),
    );
    expect({ kind: tall.kind, code: tall.code }).toEqual({
      kind: "permanent",
      code: "36003/2207009",
    });
    expect(tall.userMessage).toMatch(
      /^Instagram refused the post: The submitted image with aspect ratio \('1080:1920'\)/,
    );
  });

  it("finds a post it made, for reconciliation", async () => {
    const tokens = await connectAs("ada");
    const since = new Date(Date.now() - 5000).toISOString();
    const made = await instagram.publish({
      tokens,
      accountId: "",
      text: "Find me",
      media: [await jpeg()],
      idempotencyKey: "i8",
    });
    const found = await instagram.findPost?.({
      tokens,
      accountId: "",
      idempotencyKey: "i8",
      text: "Find me",
      since,
    });
    expect(found).toEqual({ externalId: made.externalId, url: made.url });
  });
});

describe("Instagram: metrics", () => {
  it("reads views, reach, likes, comments, saves and shares; impressions are views now", async () => {
    const tokens = await connectAs("ada");
    const { externalId } = await instagram.publish({
      tokens,
      accountId: "",
      text: "Measure",
      media: [await jpeg()],
      idempotencyKey: "m1",
    });
    await advanceClock(sandbox, 1200);
    const metrics = await instagram.metrics({ tokens, accountId: "", externalId });
    expect(metrics.impressions).toBeGreaterThan(metrics.reach ?? Number.POSITIVE_INFINITY);
    for (const key of ["likes", "comments", "saves", "shares"] as const)
      expect(metrics[key]).toBeGreaterThan(0);
    expect(metrics.clicks).toBeUndefined();
    expect(metrics.videoViews).toBeUndefined();
  });
});

networkContract({
  network: "instagram",
  sandbox: () => sandbox,
  adapter: () => instagram,
  handle: "ada",
  connect: async () => ({ tokens: await connectAs("ada"), accountId: "" }),
  // Every Instagram post needs media: a feed image.
  post: async (text) => ({ text, media: [await jpeg()] }),
  faults: {
    serverError: { path: "/media_publish", expect: { status: 503 } },
    // The application rate limit (code 4), with the wait Meta gives.
    rateLimit: { retryAfterSeconds: 300, expect: { code: "4", retryAfterMs: 300_000 } },
    revokedMessage: /Reconnect/,
  },
});

describe("Instagram: faults", () => {
  it("reports a container Instagram refused as permanent with its reason", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "instagram", kind: "reject" });
    const error = await networkError(() =>
      instagram.publish({
        tokens,
        accountId: "",
        text: "Refused",
        media: [clip()],
        idempotencyKey: "f4",
      }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "container_error",
    });
    expect(error.userMessage).toBe(
      "Instagram could not use the media: Error: The media was not published because it goes against Instagram's Community Guidelines (2207051). Use a different file.",
    );
    expect((await received()).count).toBe(0);
  });
});

describe("Instagram: webhooks", () => {
  const { clientSecret, webhookVerifyToken } = sandboxConfig("instagram", "http://127.0.0.1");

  it("answers the subscription check and maps a signed comment delivery", async () => {
    expect(
      await instagram.webhook?.({
        method: "GET",
        headers: {},
        query: {
          "hub.mode": "subscribe",
          "hub.verify_token": webhookVerifyToken,
          "hub.challenge": "abc",
        },
        rawBody: "",
      }),
    ).toMatchObject({ kind: "challenge", body: "abc" });
    const rawBody = JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: "1784",
          time: 1,
          changes: [{ field: "comments", value: { id: "c1", text: "Nice", media: { id: "m9" } } }],
        },
      ],
    });
    const signature = `sha256=${createHmac("sha256", clientSecret).update(rawBody).digest("hex")}`;
    const outcome = await instagram.webhook?.({
      method: "POST",
      headers: { "x-hub-signature-256": signature },
      query: {},
      rawBody,
    });
    expect(outcome).toMatchObject({
      kind: "events",
      events: [{ type: "comment", accountExternalId: "1784", postExternalId: "m9" }],
    });
    const forged = { method: "POST", headers: { "x-hub-signature-256": "sha256=00" }, query: {} };
    expect(await instagram.webhook?.({ ...forged, rawBody })).toMatchObject({ kind: "rejected" });
  });
});
