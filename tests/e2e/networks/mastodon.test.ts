import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type Network,
  type NetworkConfig,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createMastodon, registerApp } from "@cadence/networks/mastodon";
import { beforeEach, describe, expect, it } from "vitest";
import { networkContract } from "./contract.ts";
import {
  advanceClock,
  authorizeAs,
  networkError,
  png,
  postsReceived,
  setFault,
  sizeOf,
  timeline,
  withOwnSandbox,
} from "./support.ts";

let sandbox: RunningSandbox;
let mastodon: Network;
let connect: OAuthConnect;
let server: string;

withOwnSandbox((started) => {
  sandbox = started;
  server = `${sandbox.url}/mastodon`;
});
beforeEach(async () => {
  // What the API layer does: register once per server, cache, and hand it back through clientFor.
  const base = sandboxConfig("mastodon", sandbox.url, { timeoutMs: 1500 });
  const registered = new Map<string, { clientId: string; clientSecret: string }>();
  const config: NetworkConfig = {
    ...base,
    async clientFor(forServer) {
      let app = registered.get(forServer);
      if (!app) {
        app = await registerApp(base, forServer);
        registered.set(forServer, app);
      }
      return app;
    },
  };
  mastodon = createMastodon(config);
  if (mastodon.connect.method !== "oauth") throw new Error("Mastodon connects with OAuth");
  connect = mastodon.connect;
});

async function connectAs(handle: string): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const url = await connect.authorizationUrl({ state, codeVerifier, server });
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  const back = await authorizeAs(url, handle);
  return connect.exchangeCode({ code: back.searchParams.get("code") ?? "", codeVerifier, server });
}

describe("Mastodon: connect", () => {
  it("registers an app on the server, connects with PKCE and reads the profile", async () => {
    const tokens = await connectAs("grace");
    expect(tokens.refreshToken).toBeUndefined();
    expect(tokens.expiresAt).toBeUndefined();
    expect(tokens.context?.server).toBe(server);
    const profile = await mastodon.profile(tokens);
    expect(profile).toMatchObject({
      handle: `@grace@${new URL(server).host}`,
      displayName: "Grace",
      profileUrl: `${server}/@grace`,
    });
  });

  it("refuses a typed server address that is not https", async () => {
    const error = await networkError(() =>
      connect.authorizationUrl({
        state: "s",
        codeVerifier: "v".repeat(43),
        server: "http://mastodon.example",
      }),
    );
    expect(error.userMessage).toBe(
      "That is not a Mastodon server address. Type it like mastodon.social.",
    );
  });

  it("cancelling on the authorize page comes back as access_denied", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const back = await authorizeAs(
      await connect.authorizationUrl({ state, codeVerifier, server }),
      "grace",
      "deny",
    );
    expect(back.searchParams.get("error")).toBe("access_denied");
    const error = await networkError(async () => readCallback(mastodon, back, state));
    expect(error.userMessage).toBe(
      "The connection to Mastodon was cancelled. Connect again and choose Authorize.",
    );
    const forged = await networkError(async () =>
      readCallback(mastodon, new URL(`https://cadence.example/cb?code=c&state=other`), state),
    );
    expect(forged.code).toBe("invalid_callback");
  });

  it("revokes the token", async () => {
    const tokens = await connectAs("grace");
    await connect.revoke?.(tokens);
    const error = await networkError(() => mastodon.profile(tokens));
    expect(error.userMessage).toBe(
      "Mastodon says the access token was revoked. Reconnect the account.",
    );
  });
});

describe("Mastodon: publish", () => {
  it("publishes text and shows it on the account's timeline", async () => {
    const tokens = await connectAs("grace");
    const result = await mastodon.publish({
      tokens,
      accountId: "",
      text: "Hello, fediverse",
      media: [],
      idempotencyKey: "m1",
    });
    expect(result.url).toBe(`${server}/@grace/${result.externalId}`);
    expect(await timeline(`${server}/@grace`)).toEqual({ count: 1, texts: ["Hello, fediverse"] });
  });

  it("a retried publish with the same idempotency key posts once", async () => {
    const tokens = await connectAs("grace");
    const input = {
      tokens,
      accountId: "",
      text: "Only once",
      thread: [{ text: "and its reply" }],
      media: [],
      idempotencyKey: "m2",
    };
    const first = await mastodon.publish(input);
    const second = await mastodon.publish(input);
    expect(second).toEqual(first);
    const received = await postsReceived(sandbox, "mastodon");
    expect({ stored: received.count, requests: received.requests }).toEqual({
      stored: 2,
      requests: 4,
    });
  });

  it("publishes an image with alt text and a video that waits for processing", async () => {
    const tokens = await connectAs("grace");
    const image = png(sandbox);
    await mastodon.publish({
      tokens,
      accountId: "",
      text: "Picture",
      media: [{ ...image, sizeBytes: await sizeOf(image.url), altText: "Blue" }],
      idempotencyKey: "m3",
    });
    await setFault(sandbox, { network: "mastodon", kind: "slow_media", count: 2 });
    const video = `${sandbox.url}/_sandbox/media/sample.mp4?bytes=50000`;
    await mastodon.publish({
      tokens,
      accountId: "",
      text: "Film",
      media: [{ url: video, mimeType: "video/mp4", sizeBytes: 50000 }],
      idempotencyKey: "m4",
    });
    const { posts } = await postsReceived(sandbox, "mastodon");
    expect(posts.map((p) => p.media.map((m) => [m.mimeType, m.altText]))).toEqual([
      [["image/png", "Blue"]],
      [["video/mp4", undefined]],
    ]);
  });

  it("publishes a thread as a reply chain", async () => {
    const tokens = await connectAs("grace");
    const result = await mastodon.publish({
      tokens,
      accountId: "",
      text: "One",
      thread: [{ text: "Two" }, { text: "Three" }],
      media: [],
      idempotencyKey: "m5",
    });
    const { posts } = await postsReceived(sandbox, "mastodon");
    expect(posts.map((p) => p.replyTo)).toEqual([
      undefined,
      result.externalId,
      result.childIds?.[0],
    ]);
  });

  it("finds a post it made from the account's statuses", async () => {
    const tokens = await connectAs("grace");
    const since = new Date(Date.now() - 1000).toISOString();
    const text = "Two paragraphs with a link https://example.com/page\n\nand a second one";
    const made = await mastodon.publish({
      tokens,
      accountId: "",
      text,
      media: [],
      idempotencyKey: "m6",
    });
    const found = await mastodon.findPost?.({
      tokens,
      accountId: "",
      idempotencyKey: "m6",
      text,
      since,
    });
    expect(found).toEqual({ externalId: made.externalId, url: made.url });
  });

  it("reads favourites, boosts and replies; impressions stay undefined", async () => {
    const tokens = await connectAs("grace");
    const { externalId } = await mastodon.publish({
      tokens,
      accountId: "",
      text: "Count me",
      media: [],
      idempotencyKey: "m7",
    });
    await advanceClock(sandbox, 300);
    const metrics = await mastodon.metrics({ tokens, accountId: "", externalId });
    expect(metrics.likes).toBeGreaterThan(0);
    expect(metrics.shares).toBeGreaterThan(0);
    expect(metrics.comments).toBeGreaterThan(0);
    expect(metrics.impressions).toBeUndefined();
    expect(metrics.reach).toBeUndefined();
  });
});

networkContract({
  network: "mastodon",
  sandbox: () => sandbox,
  adapter: () => mastodon,
  handle: "grace",
  connect: async () => ({ tokens: await connectAs("grace"), accountId: "" }),
  post: (text) => ({ text, media: [] }),
  faults: {
    // The server's own 503 page, not JSON.
    serverError: { path: "/api/v1/statuses", expect: { status: 503 } },
    rateLimit: {
      retryAfterSeconds: 45,
      expect: {
        retryAfterMs: 45_000,
        userMessage:
          "Mastodon is limiting how often Cadence can post right now. Cadence will try again in about 45 seconds.",
      },
    },
    revokedMessage: "Mastodon says the access token was revoked. Reconnect the account.",
  },
});

describe("Mastodon: faults", () => {
  it("classifies a refused status as permanent with Mastodon's reason", async () => {
    const tokens = await connectAs("grace");
    await setFault(sandbox, { network: "mastodon", kind: "reject" });
    const error = await networkError(() =>
      mastodon.publish({ tokens, accountId: "", text: "No", media: [], idempotencyKey: "f5" }),
    );
    expect({ kind: error.kind, status: error.status }).toEqual({ kind: "permanent", status: 422 });
    expect(error.userMessage).toBe(
      "Mastodon refused the post: Text contains a link to a domain this server does not allow. Edit the post and try again.",
    );
  });
});
