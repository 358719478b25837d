import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type Network,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createTikTok } from "@cadence/networks/tiktok";
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
let tiktok: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  tiktok = createTikTok(sandboxConfig("tiktok", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(tiktok);
});

async function connectAs(handle: string): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), handle);
  return connect.exchangeCode({ code: readCallback(tiktok, back, state), codeVerifier });
}

function video(bytes: number, durationSeconds = 30) {
  return {
    url: `${sandbox.url}/_sandbox/media/sample.mp4?bytes=${bytes}`,
    mimeType: "video/mp4",
    sizeBytes: bytes,
    durationSeconds,
  };
}

async function jpeg() {
  const url = `${sandbox.url}/_sandbox/media/sample.jpg?width=1080&height=1350`;
  return { url, mimeType: "image/jpeg", sizeBytes: await sizeOf(url), width: 1080, height: 1350 };
}

describe("TikTok: connect", () => {
  it("connects with client_key and comma-separated scopes, and reads the profile", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.pathname).toBe("/tiktok/v2/auth/authorize/");
    expect(url.searchParams.get("client_key")).toBe("cadence-sandbox-tiktok");
    expect(url.searchParams.get("scope")).toBe(
      "user.info.basic,user.info.profile,video.publish,video.list",
    );
    const back = await authorizeAs(url, "ada");
    const tokens = await connect.exchangeCode({
      code: readCallback(tiktok, back, state),
      codeVerifier,
    });
    expect(tokens.scopes).toEqual(expect.arrayContaining(["video.publish", "video.list"]));
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 7000_000);
    expect(Date.parse(tokens.refreshExpiresAt ?? "")).toBeGreaterThan(
      Date.now() + 179 * 24 * 3600_000,
    );
    const profile = await tiktok.profile(tokens);
    expect(profile).toMatchObject({
      handle: "ada",
      displayName: "Ada",
      profileUrl: `${sandbox.url}/tiktok/@ada`,
    });
    expect(tokens.context).toEqual({ openId: profile.externalId, username: "ada" });
  });

  it("says the connection was cancelled when the person presses Cancel", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const back = await authorizeAs(
      await connect.authorizationUrl({ state, codeVerifier }),
      "ada",
      "deny",
    );
    const error = await networkError(async () => readCallback(tiktok, back, state));
    expect(error.userMessage).toBe(
      "The connection to TikTok was cancelled. Connect again and choose Authorize.",
    );
  });

  it("refreshes with rotation: the old refresh token stops working", async () => {
    const first = await connectAs("ada");
    const second = await connect.refresh?.(first);
    expect(second?.refreshToken).not.toBe(first.refreshToken);
    expect(second?.context).toEqual(first.context);
    const error = await networkError(() => connect.refresh?.(first) ?? Promise.resolve());
    expect(error.kind).toBe("auth");
    expect(error.userMessage).toContain("Reconnect");
  });

  it("revokes the authorization so the token no longer works", async () => {
    const tokens = await connectAs("ada");
    await connect.revoke?.(tokens);
    expect((await networkError(() => tiktok.profile(tokens))).kind).toBe("auth");
  });
});

describe("TikTok: publish", () => {
  it("asks creator_info, uploads a 25 MB video in two chunks and waits for the post", async () => {
    const tokens = await connectAs("ada");
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      calls.push(
        `${init?.method ?? "GET"} ${url.pathname} ${new Headers(init?.headers).get("content-range") ?? ""}`.trim(),
      );
      return fetch(input, init);
    };
    const counted = createTikTok(sandboxConfig("tiktok", sandbox.url, { fetch: counting }));
    const result = await counted.publish({
      tokens,
      accountId: tokens.context?.openId ?? "",
      text: "Launch day #cadence",
      media: [video(25_000_000)],
      options: { privacy: "public" },
      idempotencyKey: "t1",
    });
    const api = calls.filter((call) => call.includes("/tiktok/"));
    expect(api.slice(0, 2)).toEqual([
      "POST /tiktok/v2/post/publish/creator_info/query/",
      "POST /tiktok/v2/post/publish/video/init/",
    ]);
    expect(api.filter((call) => call.startsWith("PUT"))).toEqual([
      "PUT /tiktok/upload/video/ bytes 0-10485759/25000000",
      "PUT /tiktok/upload/video/ bytes 10485760-24999999/25000000",
    ]);
    expect(api.filter((call) => call.endsWith("/status/fetch/")).length).toBeGreaterThanOrEqual(2);
    expect(result.url).toBe(`${sandbox.url}/tiktok/@ada/video/${result.externalId}`);
    expect(result.externalId).toMatch(/^\d{17,}$/);
    expect((await fetch(result.url)).status).toBe(200);
    expect(await timeline(`${sandbox.url}/tiktok/@ada`)).toEqual({
      count: 1,
      texts: ["Launch day #cadence"],
    });
  });

  it("posts photos by URL with a title and a description", async () => {
    const tokens = await connectAs("ada");
    const result = await tiktok.publish({
      tokens,
      accountId: "",
      text: "Three views of the bay",
      media: [await jpeg(), await jpeg(), await jpeg()],
      options: { title: "The bay" },
      idempotencyKey: "t2",
    });
    expect(result.url).toBe(`${sandbox.url}/tiktok/@ada/photo/${result.externalId}`);
    const { posts } = await postsReceived(sandbox, "tiktok");
    expect(posts[0]).toMatchObject({
      text: "Three views of the bay",
      title: "The bay",
      kind: "photo",
    });
    expect(posts[0]?.media).toHaveLength(3);
  });

  it("keeps the publish id for a private post, which has no public id and no metrics", async () => {
    const tokens = await connectAs("ada");
    const result = await tiktok.publish({
      tokens,
      accountId: "",
      text: "Just for me",
      media: [video(1_000_000)],
      options: { privacy: "private" },
      idempotencyKey: "t3",
    });
    expect(result.externalId).toMatch(/^v_pub_file~v2-1\./);
    expect(result.url).toBe(`${sandbox.url}/tiktok/@ada`);
    expect(await tiktok.metrics({ tokens, accountId: "", externalId: result.externalId })).toEqual(
      {},
    );
  });

  it("refuses a privacy the account does not offer, before uploading anything", async () => {
    const tokens = await connectAs("private_ada");
    const error = await networkError(() =>
      tiktok.publish({
        tokens,
        accountId: "",
        text: "Hello",
        media: [video(1_000_000)],
        options: { privacy: "public" },
        idempotencyKey: "t4",
      }),
    );
    expect(error.kind).toBe("permanent");
    expect(error.userMessage).toMatch(/^TikTok does not offer public posts for this account/);
    expect((await postsReceived(sandbox, "tiktok")).requests).toBe(0);
  });

  it("finds a post it made by its caption, for reconciliation", async () => {
    const tokens = await connectAs("ada");
    const since = new Date(Date.now() - 5000).toISOString();
    const made = await tiktok.publish({
      tokens,
      accountId: "",
      text: "Find me https://example.com/a/long/link",
      media: [video(1_000_000)],
      idempotencyKey: "t5",
    });
    const found = await tiktok.findPost?.({
      tokens,
      accountId: "",
      idempotencyKey: "t5",
      text: "Find me https://example.com/a/long/link",
      since,
    });
    expect(found?.externalId).toBe(made.externalId);
  });

  it("reads views, likes, comments and shares that grow; impressions, reach, saves and clicks stay undefined", async () => {
    const tokens = await connectAs("ada");
    const { externalId } = await tiktok.publish({
      tokens,
      accountId: "",
      text: "Measure me",
      media: [video(1_000_000)],
      idempotencyKey: "t6",
    });
    await advanceClock(sandbox, 600);
    const metrics = await tiktok.metrics({ tokens, accountId: "", externalId });
    expect(metrics.videoViews).toBeGreaterThan(0);
    expect(metrics.likes).toBeGreaterThan(0);
    expect(metrics.comments).toBeGreaterThan(0);
    expect(metrics.shares).toBeGreaterThan(0);
    expect([metrics.impressions, metrics.reach, metrics.saves, metrics.clicks]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

networkContract({
  network: "tiktok",
  sandbox: () => sandbox,
  adapter: () => tiktok,
  handle: "ada",
  connect: async () => ({ tokens: await connectAs("ada"), accountId: "" }),
  // Every TikTok post is a video (or photos).
  post: (text) => ({ text, media: [video(1_000_000)] }),
  faults: {
    serverError: { path: "/video/init/", expect: { status: 500, code: "internal_error" } },
    // TikTok's rate-limit window is a minute.
    rateLimit: { expect: { code: "rate_limit_exceeded", retryAfterMs: 60_000 } },
    revokedMessage: "TikTok says the access token is no longer valid. Reconnect the account.",
  },
});

describe("TikTok: faults", () => {
  it("retries a chunk that failed with a 5xx and finishes the post", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "tiktok", kind: "5xx", path: "/upload/video/", after: 1 });
    const result = await tiktok.publish({
      tokens,
      accountId: "",
      text: "Second chunk stumbles",
      media: [video(21_000_000)],
      idempotencyKey: "f2",
    });
    expect(result.externalId).toMatch(/^\d+$/);
  });

  it("classifies a post TikTok failed after processing as permanent, with its reason in words", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "tiktok", kind: "reject" });
    const error = await networkError(() =>
      tiktok.publish({
        tokens,
        accountId: "",
        text: "Buy now!!!",
        media: [video(1_000_000)],
        idempotencyKey: "f5",
      }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "spam_risk_text",
    });
    expect(error.userMessage).toBe(
      "TikTok refused the post: it flagged the caption as possible spam. Edit the caption and try again.",
    );
    expect((await postsReceived(sandbox, "tiktok")).count).toBe(0);
  });
});
