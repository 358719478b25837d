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
import { createX } from "@cadence/networks/x";
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
let x: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  x = createX(sandboxConfig("x", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(x);
});

async function connectAs(handle: string): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const url = await connect.authorizationUrl({ state, codeVerifier });
  const back = await authorizeAs(url, handle);
  const code = readCallback(x, back, state);
  return connect.exchangeCode({ code, codeVerifier });
}

describe("X: connect", () => {
  it("connects through the authorize page with PKCE and reads the profile", async () => {
    const tokens = await connectAs("ada");
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.scopes).toEqual(
      expect.arrayContaining(["tweet.write", "offline.access", "media.write"]),
    );
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 7000_000);
    const profile = await x.profile(tokens);
    expect(profile).toMatchObject({
      handle: "ada",
      displayName: "Ada",
      profileUrl: `${sandbox.url}/x/ada`,
    });
    expect(tokens.context).toEqual({ userId: profile.externalId, username: "ada" });
  });

  it("refuses a code exchanged with the wrong PKCE verifier", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), "ada");
    const error = await networkError(() =>
      connect.exchangeCode({
        code: back.searchParams.get("code") ?? "",
        codeVerifier: newAuthorizationRequest().codeVerifier,
      }),
    );
    expect(error.kind).toBe("permanent");
    expect(error.userMessage).toMatch(/^X did not accept the sign-in/);
  });

  it("refreshes with rotation: the old refresh token stops working", async () => {
    const first = await connectAs("ada");
    const second = await connect.refresh?.(first);
    expect(second?.accessToken).not.toBe(first.accessToken);
    expect(second?.refreshToken).not.toBe(first.refreshToken);
    expect(second?.context).toEqual(first.context);
    const error = await networkError(() => connect.refresh?.(first) ?? Promise.resolve());
    expect(error.kind).toBe("auth");
    expect(error.userMessage).toContain("Reconnect");
  });

  it("revokes the grant so the token no longer works", async () => {
    const tokens = await connectAs("ada");
    await connect.revoke?.(tokens);
    const error = await networkError(() => x.profile(tokens));
    expect(error.kind).toBe("auth");
  });
});

describe("X: publish", () => {
  it("publishes text and shows it on the account's timeline", async () => {
    const tokens = await connectAs("ada");
    const result = await x.publish({
      tokens,
      accountId: tokens.context?.userId ?? "",
      text: "Hello from Cadence",
      media: [],
      idempotencyKey: "t1",
    });
    expect(result.url).toBe(`${sandbox.url}/x/ada/status/${result.externalId}`);
    expect((await fetch(result.url)).status).toBe(200);
    expect(await timeline(`${sandbox.url}/x/timeline/ada`)).toEqual({
      count: 1,
      texts: ["Hello from Cadence"],
    });
  });

  it("publishes an image with alt text through the chunked upload", async () => {
    const tokens = await connectAs("ada");
    const image = png(sandbox, 200, 100);
    const sizeBytes = await sizeOf(image.url);
    await x.publish({
      tokens,
      accountId: "",
      text: "A picture",
      media: [{ ...image, sizeBytes, altText: "A blue rectangle" }],
      idempotencyKey: "t2",
    });
    const { posts } = await postsReceived(sandbox, "x");
    expect(posts[0]?.media).toEqual([
      expect.objectContaining({ mimeType: "image/png", altText: "A blue rectangle" }),
    ]);
  });

  it("publishes a 9 MB video in three appended chunks and waits for processing", async () => {
    const tokens = await connectAs("ada");
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(
        `${init?.method ?? "GET"} ${new URL(input instanceof Request ? input.url : input).pathname}`,
      );
      return fetch(input, init);
    };
    const counted = createX(sandboxConfig("x", sandbox.url, { fetch: counting }));
    const url = `${sandbox.url}/_sandbox/media/sample.mp4?bytes=9000000`;
    await setFault(sandbox, { network: "x", kind: "slow_media", count: 2 });
    await counted.publish({
      tokens,
      accountId: "",
      text: "A video",
      media: [{ url, mimeType: "video/mp4", sizeBytes: 9_000_000 }],
      idempotencyKey: "t3",
    });
    expect(calls.filter((call) => call.endsWith("/append"))).toHaveLength(3);
    expect(calls.filter((call) => call === "GET /x/2/media/upload").length).toBeGreaterThanOrEqual(
      3,
    );
    const { posts } = await postsReceived(sandbox, "x");
    expect(posts[0]?.media).toEqual([expect.objectContaining({ mimeType: "video/mp4" })]);
  });

  it("publishes a thread and a first comment as a reply chain", async () => {
    const tokens = await connectAs("ada");
    const result = await x.publish({
      tokens,
      accountId: "",
      text: "1/3 A thread",
      thread: [{ text: "2/3 continues" }, { text: "3/3 ends" }],
      firstComment: "Link in the first comment",
      media: [],
      idempotencyKey: "t4",
    });
    const { posts } = await postsReceived(sandbox, "x");
    const [head, two, three, comment] = posts;
    expect(result.childIds).toEqual([two?.id, three?.id, comment?.id]);
    expect([head?.replyTo, two?.replyTo, three?.replyTo, comment?.replyTo]).toEqual([
      undefined,
      head?.id,
      two?.id,
      head?.id,
    ]);
  });

  it("finds a post it made (links come back as t.co) for reconciliation", async () => {
    const tokens = await connectAs("ada");
    const since = new Date(Date.now() - 1000).toISOString();
    const text = "Read https://example.com/a/very/long/path/indeed now";
    const made = await x.publish({
      tokens,
      accountId: tokens.context?.userId ?? "",
      text,
      media: [],
      idempotencyKey: "t5",
    });
    const found = await x.findPost?.({
      tokens,
      accountId: tokens.context?.userId ?? "",
      idempotencyKey: "t5",
      text,
      since,
    });
    expect(found?.externalId).toBe(made.externalId);
  });

  it("reads metrics that grow, with owner-only impressions and clicks; reach stays undefined", async () => {
    const tokens = await connectAs("ada");
    const { externalId } = await x.publish({
      tokens,
      accountId: "",
      text: "Measure me",
      media: [],
      idempotencyKey: "t6",
    });
    await advanceClock(sandbox, 600);
    const metrics = await x.metrics({ tokens, accountId: "", externalId });
    expect(metrics.likes).toBeGreaterThan(0);
    expect(metrics.impressions).toBeGreaterThan(metrics.likes ?? 0);
    expect(metrics.clicks).toBeGreaterThan(0);
    expect(metrics.reach).toBeUndefined();
    expect(metrics.videoViews).toBeUndefined();
  });
});

describe("X: metrics of an older post", () => {
  it("falls back to public metrics after 30 days: impressions stay, clicks become undefined", async () => {
    const tokens = await connectAs("ada");
    const { externalId } = await x.publish({
      tokens,
      accountId: "",
      text: "Old news",
      media: [],
      idempotencyKey: "o1",
    });
    await advanceClock(sandbox, 31 * 24 * 3600);
    // A month on, the two-hour access token has long expired: refresh as the crons would.
    const fresh = (await connect.refresh?.(tokens)) ?? tokens;
    const metrics = await x.metrics({ tokens: fresh, accountId: "", externalId });
    expect(metrics.impressions).toBeGreaterThan(0);
    expect(metrics.clicks).toBeUndefined();
  });

  it("says a deleted or unknown post cannot be found", async () => {
    const tokens = await connectAs("ada");
    const error = await networkError(() => x.metrics({ tokens, accountId: "", externalId: "1" }));
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "resource-not-found",
    });
  });
});

networkContract({
  network: "x",
  sandbox: () => sandbox,
  adapter: () => x,
  handle: "ada",
  connect: async () => {
    const tokens = await connectAs("ada");
    return { tokens, accountId: tokens.context?.userId ?? "" };
  },
  post: (text) => ({ text, media: [] }),
  faults: {
    serverError: { path: "/2/tweets", expect: { status: 503 } },
    // X says when the window resets (x-rate-limit-reset): about the two minutes asked for.
    rateLimit: { retryAfterSeconds: 120, expect: { retryAfterMs: expect.closeTo(116_000, -4) } },
    revokedMessage: "X says the access token is no longer valid. Reconnect the account.",
  },
});

describe("X: faults", () => {
  it("classifies a refused post as permanent with X's reason in words", async () => {
    const tokens = await connectAs("ada");
    await x.publish({ tokens, accountId: "", text: "Same words", media: [], idempotencyKey: "f4" });
    const error = await networkError(() =>
      x.publish({ tokens, accountId: "", text: "Same words", media: [], idempotencyKey: "f5" }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "duplicate",
    });
    expect(error.userMessage).toBe(
      "X refused the post: it is a duplicate of a recent post. Change the text and try again.",
    );
  });

  it("reports a thread that failed part way with what is already live", async () => {
    const tokens = await connectAs("ada");
    await setFault(sandbox, { network: "x", kind: "reject", after: 1 });
    const error = await networkError(() =>
      x.publish({
        tokens,
        accountId: "",
        text: "Head",
        thread: [{ text: "Second" }],
        media: [],
        idempotencyKey: "f6",
      }),
    );
    const { posts } = await postsReceived(sandbox, "x");
    expect(posts.map((p) => p.text)).toEqual(["Head"]);
    expect(error.kind).toBe("permanent");
    expect(error.partial).toEqual({
      externalId: posts[0]?.id,
      url: `${sandbox.url}/x/ada/status/${posts[0]?.id}`,
      childIds: [],
    });
    expect(error.userMessage).toMatch(
      /^The post is live on X, but thread post 2 was not published: X refused the post/,
    );
  });
});

describe("X: webhooks", () => {
  const secret = sandboxConfig("x", "http://127.0.0.1").webhookSecret ?? "";

  it("answers the CRC check with the HMAC of the token", async () => {
    const outcome = await x.webhook?.({
      method: "GET",
      headers: {},
      query: { crc_token: "challenge-123" },
      rawBody: "",
    });
    const expected = `sha256=${createHmac("sha256", secret).update("challenge-123").digest("base64")}`;
    expect(outcome).toEqual({
      kind: "challenge",
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ response_token: expected }),
    });
  });

  it("accepts a signed delivery and maps a revocation and a deleted post", async () => {
    const rawBody = JSON.stringify({
      for_user_id: "42",
      user_event: {
        revoke: {
          date_time: "2025-01-01T00:00:00Z",
          target: { app_id: "1" },
          source: { user_id: "42" },
        },
      },
      tweet_delete_events: [{ status: { id: "99", user_id: "42" }, timestamp_ms: "1" }],
    });
    const signature = `sha256=${createHmac("sha256", secret).update(rawBody).digest("base64")}`;
    const outcome = await x.webhook?.({
      method: "POST",
      headers: { "X-Twitter-Webhooks-Signature": signature },
      query: {},
      rawBody,
    });
    expect(outcome?.kind).toBe("events");
    const events = outcome?.kind === "events" ? outcome.events : [];
    expect(events.map((e) => [e.type, e.accountExternalId, e.postExternalId])).toEqual([
      ["post_deleted", "42", "99"],
      ["deauthorized", "42", undefined],
    ]);
  });

  it("rejects a delivery with a bad signature", async () => {
    const outcome = await x.webhook?.({
      method: "POST",
      headers: { "x-twitter-webhooks-signature": "sha256=bm9wZQ==" },
      query: {},
      rawBody: "{}",
    });
    expect(outcome).toEqual({ kind: "rejected", reason: "signature does not match" });
  });
});
