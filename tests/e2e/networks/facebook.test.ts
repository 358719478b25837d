import { createHmac } from "node:crypto";
import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type Network,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createFacebook } from "@cadence/networks/facebook";
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
let facebook: Network;
let connect: OAuthConnect;
const config = () => sandboxConfig("facebook", sandbox.url, { timeoutMs: 1500 });

withOwnSandbox((started) => {
  sandbox = started;
  facebook = createFacebook(config());
  connect = oauthOf(facebook);
});

async function connectAs(handle: string): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), handle);
  return connect.exchangeCode({ code: readCallback(facebook, back, state), codeVerifier });
}

/** The person's first Page, as the person picks it in Cadence: its id and its own token. */
async function firstPage(handle = "ada") {
  const user = await connectAs(handle);
  const profile = await facebook.profile(user);
  const page = profile.subAccounts?.[0];
  if (!page?.tokens) throw new Error("no page");
  return { user, tokens: page.tokens, pageId: page.externalId };
}

const text = (body: string, key: string) => ({ text: body, media: [], idempotencyKey: key });

describe("Facebook: connect", () => {
  it("logs in through the dialog, swaps the short-lived token for a long-lived one and lists two Pages", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.pathname).toBe("/facebook/www/v26.0/dialog/oauth");
    expect(url.searchParams.get("scope")).toBe(
      "pages_show_list,pages_manage_posts,pages_read_engagement,pages_manage_engagement,read_insights",
    );
    expect(url.searchParams.has("code_challenge")).toBe(false);
    const tokens = await connect.exchangeCode({
      code: readCallback(facebook, await authorizeAs(url, "ada"), state),
      codeVerifier,
    });
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    const profile = await facebook.profile(tokens);
    expect(profile).toMatchObject({ handle: "Ada", displayName: "Ada" });
    expect(tokens.context).toEqual({ userId: profile.externalId, name: "Ada" });
    expect(profile.subAccounts?.map((p) => [p.kind, p.name])).toEqual([
      ["page", "Ada News"],
      ["page", "Ada Shop"],
    ]);
    const page = profile.subAccounts?.[0];
    expect(page?.tokens?.accessToken).not.toBe(tokens.accessToken);
    expect(page?.tokens?.expiresAt).toBeUndefined();
  });

  it("says the connection was cancelled when the person presses Cancel", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    const back = await authorizeAs(url, "ada", "deny");
    expect(() => readCallback(facebook, back, state)).toThrow(/connect: no response access_denied/);
  });

  it("refuses a code used twice", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), "ada");
    const code = readCallback(facebook, back, state);
    await connect.exchangeCode({ code, codeVerifier });
    const error = await networkError(() => connect.exchangeCode({ code, codeVerifier }));
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "100/36007",
    });
    expect(error.userMessage).toMatch(/^Facebook did not accept the sign-in/);
  });

  it("revokes the login so neither the person's nor the Page's token works", async () => {
    const { user, tokens } = await firstPage();
    await connect.revoke?.(user);
    expect((await networkError(() => facebook.profile(user))).kind).toBe("auth");
    expect((await networkError(() => facebook.profile(tokens))).kind).toBe("auth");
  });
});

describe("Facebook: publish", () => {
  it("publishes text as the Page and links to its permalink", async () => {
    const { tokens, pageId } = await firstPage();
    const result = await facebook.publish({
      tokens,
      accountId: pageId,
      ...text("Hello from Cadence", "p1"),
    });
    expect(result.externalId).toMatch(new RegExp(`^${pageId}_\\d+$`));
    expect(result.url).toBe(
      `${sandbox.url}/facebook/web/${pageId}/posts/${result.externalId.split("_")[1]}`,
    );
    expect((await fetch(result.url)).status).toBe(200);
    expect(await timeline(`${sandbox.url}/facebook/web/timeline/ada.news`)).toEqual({
      count: 1,
      texts: ["Hello from Cadence"],
    });
  });

  it("publishes a link post, one photo with alt text, and three photos in one post", async () => {
    const { tokens, pageId } = await firstPage();
    await facebook.publish({
      tokens,
      accountId: pageId,
      ...text("Read this", "p2"),
      options: { link: "https://example.com/a" },
    });
    const image = png(sandbox, 200, 100);
    const sizeBytes = await sizeOf(image.url);
    await facebook.publish({
      tokens,
      accountId: pageId,
      text: "One",
      media: [{ ...image, sizeBytes, altText: "A blue rectangle" }],
      idempotencyKey: "p3",
    });
    await facebook.publish({
      tokens,
      accountId: pageId,
      text: "Three",
      media: [1, 2, 3].map(() => ({ ...image, sizeBytes })),
      idempotencyKey: "p4",
    });
    const { posts } = await postsReceived(sandbox, "facebook", "ada.news");
    expect(posts.map((p) => [p.text, p.media.length, p.card?.uri])).toEqual([
      ["Read this", 0, "https://example.com/a"],
      ["One", 1, undefined],
      ["Three", 3, undefined],
    ]);
    expect(posts[1]?.media[0]?.altText).toBe("A blue rectangle");
  });

  it("uploads a 9 MB video through the resumable upload in the ranges Facebook asks for", async () => {
    const { tokens, pageId } = await firstPage();
    const phases: string[] = [];
    const counting: typeof fetch = async (input, init) => {
      if (init?.body instanceof FormData) phases.push(String(init.body.get("upload_phase")));
      else if (init?.body)
        phases.push(new URLSearchParams(String(init.body)).get("upload_phase") ?? "");
      return fetch(input, init);
    };
    const counted = createFacebook(sandboxConfig("facebook", sandbox.url, { fetch: counting }));
    const result = await counted.publish({
      tokens,
      accountId: pageId,
      text: "A video",
      media: [
        {
          url: `${sandbox.url}/_sandbox/media/sample.mp4?bytes=9000000`,
          mimeType: "video/mp4",
          sizeBytes: 9_000_000,
        },
      ],
      idempotencyKey: "p5",
      options: { title: "Sandbox video" },
    });
    expect(phases.filter(Boolean)).toEqual(["start", "transfer", "transfer", "transfer", "finish"]);
    const { posts } = await postsReceived(sandbox, "facebook", "ada.news");
    expect(posts[0]).toMatchObject({
      id: result.externalId,
      text: "A video",
      kind: "video",
      title: "Sandbox video",
    });
  });

  it("adds the first comment as the Page, and refuses threads", async () => {
    const { tokens, pageId } = await firstPage();
    const result = await facebook.publish({
      tokens,
      accountId: pageId,
      ...text("With a comment", "p6"),
      firstComment: "Details below",
    });
    const { posts } = await postsReceived(sandbox, "facebook", "ada.news");
    expect(posts.map((p) => [p.text, p.replyTo])).toEqual([
      ["With a comment", undefined],
      ["Details below", result.externalId],
    ]);
    expect(result.childIds).toEqual([posts[1]?.id]);
    const thread = await networkError(() =>
      facebook.publish({
        tokens,
        accountId: pageId,
        ...text("Head", "p7"),
        thread: [{ text: "Two" }],
      }),
    );
    expect(thread.code).toBe("thread_unsupported");
  });

  it("finds a post it made, for reconciliation", async () => {
    const { tokens, pageId } = await firstPage();
    const since = new Date(Date.now() - 5000).toISOString();
    const made = await facebook.publish({ tokens, accountId: pageId, ...text("Find me", "p8") });
    const found = await facebook.findPost?.({
      tokens,
      accountId: pageId,
      idempotencyKey: "p8",
      text: "Find me",
      since,
    });
    expect(found).toEqual({ externalId: made.externalId, url: made.url });
  });
});

describe("Facebook: metrics", () => {
  it("reads views, reach, reactions and clicks from Page Insights, and comments and shares from the post", async () => {
    const { tokens, pageId } = await firstPage();
    const { externalId } = await facebook.publish({
      tokens,
      accountId: pageId,
      ...text("Measure me", "m1"),
      firstComment: "First!",
    });
    await advanceClock(sandbox, 900);
    const metrics = await facebook.metrics({ tokens, accountId: pageId, externalId });
    expect(metrics.impressions).toBeGreaterThan(metrics.reach ?? Number.POSITIVE_INFINITY);
    expect(metrics.likes).toBeGreaterThan(0);
    expect(metrics.clicks).toBeGreaterThan(0);
    expect(metrics.comments).toBe(1);
    expect(metrics.shares).toBeGreaterThan(0);
    expect(metrics.saves).toBeUndefined();
    expect(metrics.videoViews).toBeUndefined();
  });
});

networkContract({
  network: "facebook",
  sandbox: () => sandbox,
  adapter: () => facebook,
  handle: "ada",
  // A Page posts with its own token, as the person picks it in Cadence.
  connect: async () => {
    const { tokens, pageId } = await firstPage();
    return { tokens, accountId: pageId };
  },
  post: (text) => ({ text, media: [] }),
  faults: {
    serverError: { path: "/feed", expect: { status: 503, code: "2" } },
    // The Page rate limit (code 32) with the wait Meta gives.
    rateLimit: {
      retryAfterSeconds: 120,
      expect: { status: 400, code: "32", retryAfterMs: 120_000 },
    },
    revokedMessage: "Facebook says the access token is no longer valid. Reconnect the account.",
  },
});

describe("Facebook: faults", () => {
  it("names Meta's code for a revoked login (190/458)", async () => {
    const { tokens, pageId } = await firstPage();
    await setFault(sandbox, { network: "facebook", account: "ada", kind: "revoked" });
    const error = await networkError(() =>
      facebook.publish({ tokens, accountId: pageId, ...text("Gone", "f4") }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: "auth", code: "190/458" });
  });

  it("classifies a policy block (368) and a duplicate (506) as permanent with Facebook's words", async () => {
    const { tokens, pageId } = await firstPage();
    await setFault(sandbox, { network: "facebook", kind: "reject" });
    const blocked = await networkError(() =>
      facebook.publish({ tokens, accountId: pageId, ...text("Spam?", "f5") }),
    );
    expect({ kind: blocked.kind, code: blocked.code }).toEqual({
      kind: "permanent",
      code: "368/1390008",
    });
    expect(blocked.userMessage).toBe(
      "Facebook blocked the post for going against its policies: This post goes against our Community Standards on spam. Review the post before trying again.",
    );
    await facebook.publish({ tokens, accountId: pageId, ...text("Same words", "f6") });
    const twice = await networkError(() =>
      facebook.publish({ tokens, accountId: pageId, ...text("Same words", "f7") }),
    );
    expect({ kind: twice.kind, code: twice.code }).toEqual({ kind: "permanent", code: "506" });
  });
});

describe("Facebook: webhooks", () => {
  const { clientSecret, webhookVerifyToken } = sandboxConfig("facebook", "http://127.0.0.1");
  const sign = (body: string) =>
    `sha256=${createHmac("sha256", clientSecret).update(body).digest("hex")}`;

  it("answers the subscription check only for the right verify token", async () => {
    const check = (token: string) =>
      facebook.webhook?.({
        method: "GET",
        headers: {},
        query: {
          "hub.mode": "subscribe",
          "hub.verify_token": token,
          "hub.challenge": "1158201444",
        },
        rawBody: "",
      });
    expect(await check(webhookVerifyToken ?? "")).toEqual({
      kind: "challenge",
      status: 200,
      contentType: "text/plain",
      body: "1158201444",
    });
    expect(await check("guess")).toEqual({
      kind: "rejected",
      reason: "verify token does not match",
    });
  });

  it("accepts a signed Page delivery and maps a comment and a removed post", async () => {
    const rawBody = JSON.stringify({
      object: "page",
      entry: [
        {
          id: "42",
          time: 1,
          changes: [
            {
              field: "feed",
              value: { item: "comment", verb: "add", post_id: "42_7", comment_id: "7_9" },
            },
            { field: "feed", value: { item: "status", verb: "remove", post_id: "42_8" } },
          ],
        },
      ],
    });
    const outcome = await facebook.webhook?.({
      method: "POST",
      headers: { "X-Hub-Signature-256": sign(rawBody) },
      query: {},
      rawBody,
    });
    const events = outcome?.kind === "events" ? outcome.events : [];
    expect(events.map((e) => [e.type, e.accountExternalId, e.postExternalId])).toEqual([
      ["comment", "42", "42_7"],
      ["post_deleted", "42", "42_8"],
    ]);
    const forged = await facebook.webhook?.({
      method: "POST",
      headers: { "x-hub-signature-256": sign("{}") },
      query: {},
      rawBody,
    });
    expect(forged).toEqual({ kind: "rejected", reason: "signature does not match" });
  });

  it("maps the deauthorize callback's signed request to a deauthorized event", async () => {
    const payload = Buffer.from(
      JSON.stringify({ algorithm: "HMAC-SHA256", issued_at: 1, user_id: "1234" }),
    ).toString("base64url");
    const signature = createHmac("sha256", clientSecret).update(payload).digest("base64url");
    const request = (signed: string) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      query: {},
      rawBody: new URLSearchParams({ signed_request: signed }).toString(),
    });
    const outcome = await facebook.webhook?.(request(`${signature}.${payload}`));
    expect(outcome).toMatchObject({
      kind: "events",
      events: [{ type: "deauthorized", accountExternalId: "1234" }],
    });
  });
});
