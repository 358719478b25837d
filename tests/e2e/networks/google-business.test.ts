import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type Network,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createGoogleBusiness } from "@cadence/networks/google-business";
import { describe, expect, it } from "vitest";
import { networkContract } from "./contract.ts";
import {
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
let gbp: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  gbp = createGoogleBusiness(sandboxConfig("google-business", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(gbp);
});

async function connectAs(handle: string): Promise<{ tokens: TokenSet; location: string }> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), handle);
  const tokens = await connect.exchangeCode({ code: readCallback(gbp, back, state), codeVerifier });
  const location = (await gbp.profile(tokens)).subAccounts?.[0]?.externalId ?? "";
  return { tokens, location };
}

async function photo() {
  const media = png(sandbox, 1200, 900);
  return { ...media, sizeBytes: await sizeOf(media.url) };
}

describe("Google Business Profile: connect", () => {
  it("connects with the business.manage scope and lists accounts' locations to post as", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.pathname).toBe("/google-business/o/oauth2/v2/auth");
    expect(url.searchParams.get("scope")).toBe("https://www.googleapis.com/auth/business.manage");
    expect(url.searchParams.get("access_type")).toBe("offline");
    const back = await authorizeAs(url, "ada");
    const tokens = await connect.exchangeCode({
      code: readCallback(gbp, back, state),
      codeVerifier,
    });
    expect(tokens.refreshToken).toBeTruthy();
    const profile = await gbp.profile(tokens);
    expect(profile).toMatchObject({ handle: "Ada", displayName: "Ada" });
    expect(profile.externalId).toMatch(/^accounts\/\d+$/);
    expect(profile.subAccounts?.map((l) => [l.kind, l.name])).toEqual([
      ["location", "Ada Café — 1 Market Street"],
      ["location", "Ada Bakery — 22 Mill Lane"],
      ["location", "Ada Kiosk — Station Square"],
    ]);
    expect(profile.subAccounts?.[0]?.externalId).toMatch(/^accounts\/\d+\/locations\/\d+$/);
  });

  it("refreshes, and asks to reconnect once the grant is revoked", async () => {
    const { tokens } = await connectAs("ada");
    const next = await connect.refresh?.(tokens);
    expect(next?.refreshToken).toBe(tokens.refreshToken);
    await connect.revoke?.(tokens);
    const error = await networkError(() => connect.refresh?.(tokens) ?? Promise.resolve());
    expect(error.kind).toBe("auth");
    expect(error.userMessage).toContain("Reconnect");
  });

  it("says a Google account that manages no business cannot post", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const back = await authorizeAs(
      await connect.authorizationUrl({ state, codeVerifier }),
      "nobusiness_cy",
    );
    const tokens = await connect.exchangeCode({
      code: readCallback(gbp, back, state),
      codeVerifier,
    });
    const error = await networkError(() => gbp.profile(tokens));
    expect(error.code).toBe("no_accounts");
  });
});

describe("Google Business Profile: publish", () => {
  it("posts a standard update with a photo and a call-to-action button", async () => {
    const { tokens, location } = await connectAs("ada");
    const image = await photo();
    const result = await gbp.publish({
      tokens,
      accountId: location,
      text: "Fresh sourdough every morning from 7.",
      media: [image],
      options: { callToAction: { actionType: "ORDER", url: "https://example.com/order" } },
      idempotencyKey: "g1",
    });
    expect(result.externalId).toMatch(new RegExp(`^${location}/localPosts/\\d+$`));
    expect(result.url).toMatch(/\/google-business\/place\?lpsid=\d+$/);
    expect((await fetch(result.url)).status).toBe(200);
    const { posts } = await postsReceived(sandbox, "google-business");
    expect(posts[0]).toMatchObject({
      topicType: "STANDARD",
      callToAction: { actionType: "ORDER", url: "https://example.com/order" },
      photos: [image.url],
      state: "LIVE",
    });
    expect(await timeline(`${sandbox.url}/google-business/${location}`)).toEqual({
      count: 1,
      texts: ["Fresh sourdough every morning from 7."],
    });
  });

  it("posts an event with its schedule, and a link as a Learn more button", async () => {
    const { tokens, location } = await connectAs("ada");
    await gbp.publish({
      tokens,
      accountId: location,
      text: "Live music on the terrace.",
      media: [],
      options: {
        link: "https://example.com/music",
        event: { title: "Jazz night", start: "2026-07-03T19:00", end: "2026-07-03T23:00" },
      },
      idempotencyKey: "g2",
    });
    const { posts } = await postsReceived(sandbox, "google-business");
    expect(posts[0]).toMatchObject({
      topicType: "EVENT",
      callToAction: { actionType: "LEARN_MORE", url: "https://example.com/music" },
      event: {
        title: "Jazz night",
        schedule: {
          startDate: { year: 2026, month: 7, day: 3 },
          startTime: { hours: 19, minutes: 0, seconds: 0, nanos: 0 },
          endDate: { year: 2026, month: 7, day: 3 },
          endTime: { hours: 23, minutes: 0, seconds: 0, nanos: 0 },
        },
      },
    });
  });

  it("waits for a post in review to go live", async () => {
    const { tokens, location } = await connectAs("ada");
    await setFault(sandbox, { network: "google-business", kind: "slow_media", count: 2 });
    const result = await gbp.publish({
      tokens,
      accountId: location,
      text: "Reviewed",
      media: [],
      idempotencyKey: "g3",
    });
    const { posts } = await postsReceived(sandbox, "google-business");
    expect(posts[0]).toMatchObject({ state: "LIVE" });
    expect(result.url).toBeTruthy();
  });

  it("needs a location to post to", async () => {
    const { tokens } = await connectAs("ada");
    const error = await networkError(() =>
      gbp.publish({
        tokens,
        accountId: "accounts/1",
        text: "Where?",
        media: [],
        idempotencyKey: "g4",
      }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "location_required",
    });
  });

  it("finds a post it made, for reconciliation", async () => {
    const { tokens, location } = await connectAs("ada");
    const since = new Date(Date.now() - 5000).toISOString();
    const made = await gbp.publish({
      tokens,
      accountId: location,
      text: "Find me",
      media: [],
      idempotencyKey: "g5",
    });
    const found = await gbp.findPost?.({
      tokens,
      accountId: location,
      idempotencyKey: "g5",
      text: "Find me",
      since,
    });
    expect(found).toEqual(made);
  });

  it("reports no per-post metrics: every field is undefined", async () => {
    const { tokens, location } = await connectAs("ada");
    const { externalId } = await gbp.publish({
      tokens,
      accountId: location,
      text: "Count me",
      media: [],
      idempotencyKey: "g6",
    });
    expect(await gbp.metrics({ tokens, accountId: location, externalId })).toEqual({});
  });
});

networkContract({
  network: "google-business",
  sandbox: () => sandbox,
  adapter: () => gbp,
  handle: "ada",
  connect: async () => {
    const { tokens, location } = await connectAs("ada");
    return { tokens, accountId: location };
  },
  post: (text) => ({ text, media: [] }),
  faults: {
    serverError: { path: "/localPosts", expect: { status: 503, code: "UNAVAILABLE" } },
    // RESOURCE_EXHAUSTED: retried when the minute's quota renews.
    rateLimit: { expect: { code: "RATE_LIMIT_EXCEEDED", retryAfterMs: 60_000 } },
    revokedMessage:
      "Google Business Profile says the access token is no longer valid. Reconnect the account.",
  },
});

describe("Google Business Profile: faults", () => {
  it("classifies a post Google rejected as permanent, with the reason in words", async () => {
    const { tokens, location } = await connectAs("ada");
    await setFault(sandbox, { network: "google-business", kind: "reject" });
    const error = await networkError(() =>
      gbp.publish({
        tokens,
        accountId: location,
        text: "Call 555-0100 now!",
        media: [],
        idempotencyKey: "f4",
      }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: "permanent", code: "REJECTED" });
    expect(error.userMessage).toMatch(
      /^Google Business Profile rejected the post under its content policies/,
    );
  });

  it("classifies an invalid post as permanent with Google's words", async () => {
    const { tokens, location } = await connectAs("ada");
    const error = await networkError(() =>
      gbp.publish({
        tokens,
        accountId: location,
        text: "Order",
        media: [],
        options: { callToAction: { actionType: "ORDER", url: "not a url" } },
        idempotencyKey: "f5",
      }),
    );
    expect({ kind: error.kind, status: error.status }).toEqual({ kind: "permanent", status: 400 });
    expect(error.userMessage).toBe(
      "Google Business Profile refused the post: Request contains an invalid argument. call_to_action.url: must be a valid URL. Edit the post and try again.",
    );
  });
});
