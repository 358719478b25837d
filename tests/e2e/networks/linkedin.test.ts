import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type Network,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createLinkedIn } from "@cadence/networks/linkedin";
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
let linkedin: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  linkedin = createLinkedIn(sandboxConfig("linkedin", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(linkedin);
});

async function connectAs(handle: string): Promise<TokenSet> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const url = await connect.authorizationUrl({ state, codeVerifier });
  const back = await authorizeAs(url, handle);
  return connect.exchangeCode({ code: readCallback(linkedin, back, state), codeVerifier });
}

/** The member and the organization page the sandbox gives every member. */
async function member(handle = "ada") {
  const tokens = await connectAs(handle);
  const profile = await linkedin.profile(tokens);
  const page = profile.subAccounts?.[0]?.externalId ?? "";
  return { tokens, person: profile.externalId, page };
}

const text = (body: string, key: string) => ({ text: body, media: [], idempotencyKey: key });

describe("LinkedIn: connect", () => {
  it("connects without PKCE, keeps the member URN and lists the page the member administers", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.searchParams.has("code_challenge")).toBe(false);
    expect(url.searchParams.get("scope")).toBe(
      "openid profile w_member_social r_organization_social w_organization_social rw_organization_admin",
    );
    const tokens = await connect.exchangeCode({
      code: readCallback(linkedin, await authorizeAs(url, "ada"), state),
      codeVerifier,
    });
    expect(tokens.refreshToken).toBeTruthy();
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(Date.parse(tokens.refreshExpiresAt ?? "")).toBeGreaterThan(
      Date.now() + 364 * 86_400_000,
    );
    const profile = await linkedin.profile(tokens);
    expect(profile).toMatchObject({ handle: "Ada", displayName: "Ada" });
    expect(profile.externalId).toMatch(/^urn:li:person:/);
    expect(tokens.context).toEqual({ personUrn: profile.externalId, name: "Ada" });
    expect(profile.subAccounts).toEqual([
      {
        externalId: expect.stringMatching(/^urn:li:organization:\d+$/),
        kind: "organization",
        name: "Ada Company",
      },
    ]);
  });

  it("lists no pages when the member did not grant the page scopes", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({
      state,
      codeVerifier,
      scopes: ["openid", "profile", "w_member_social"],
    });
    const back = await authorizeAs(url, "bo");
    const tokens = await connect.exchangeCode({
      code: readCallback(linkedin, back, state),
      codeVerifier,
    });
    expect((await linkedin.profile(tokens)).subAccounts).toEqual([]);
  });

  it("refreshes without rotating the refresh token; a revoked grant means Reconnect", async () => {
    const first = await connectAs("ada");
    await advanceClock(sandbox, 30 * 86_400);
    const second = await connect.refresh?.(first);
    expect(second?.accessToken).not.toBe(first.accessToken);
    expect(second?.refreshToken).toBe(first.refreshToken);
    expect(second?.context).toEqual(first.context);
    await setFault(sandbox, { network: "linkedin", account: "ada", kind: "revoked" });
    const error = await networkError(() => connect.refresh?.(first) ?? Promise.resolve());
    expect(error.kind).toBe("auth");
    expect(error.userMessage).toContain("Reconnect");
  });
});

describe("LinkedIn: publish", () => {
  it("publishes text as the member, escaping LinkedIn's reserved characters", async () => {
    const { tokens, person } = await member();
    const body = "Launch (finally) at 10:00 — #launch_day ~ [draft] <b>*bold*</b> @team";
    const result = await linkedin.publish({ tokens, accountId: person, ...text(body, "l1") });
    expect(result.externalId).toMatch(/^urn:li:share:\d+$/);
    expect(result.url).toBe(`${sandbox.url}/linkedin/feed/update/${result.externalId}/`);
    expect((await fetch(result.url)).status).toBe(200);
    expect(await timeline(`${sandbox.url}/linkedin/timeline/ada`)).toMatchObject({ count: 1 });
    const { posts } = await postsReceived(sandbox, "linkedin");
    expect(posts[0]?.text).toBe(body);
  });

  it("publishes one image with alt text, and three as a multi-image post on the page", async () => {
    const { tokens, page } = await member();
    const image = png(sandbox, 300, 200);
    const sizeBytes = await sizeOf(image.url);
    const one = await linkedin.publish({
      tokens,
      accountId: page,
      text: "One picture",
      media: [{ ...image, sizeBytes, altText: "A blue rectangle" }],
      idempotencyKey: "l2",
    });
    expect(one.externalId).toMatch(/^urn:li:share:/);
    const three = await linkedin.publish({
      tokens,
      accountId: page,
      text: "Three pictures",
      media: [1, 2, 3].map(() => ({ ...image, sizeBytes })),
      idempotencyKey: "l3",
    });
    expect(three.externalId).toMatch(/^urn:li:ugcPost:/);
    const { posts } = await postsReceived(sandbox, "linkedin", "ada-company");
    expect(posts.map((p) => p.media.length)).toEqual([1, 3]);
    expect(posts[0]?.media[0]).toMatchObject({
      mimeType: "image/png",
      altText: "A blue rectangle",
    });
  });

  it("uploads a 9 MB video in 4 MB parts, finalizes with their ETags and waits for processing", async () => {
    const { tokens, person } = await member();
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      calls.push(`${init?.method ?? "GET"} ${url.pathname}${url.search}`);
      return fetch(input, init);
    };
    const counted = createLinkedIn(sandboxConfig("linkedin", sandbox.url, { fetch: counting }));
    await setFault(sandbox, { network: "linkedin", kind: "slow_media", count: 2 });
    const result = await counted.publish({
      tokens,
      accountId: person,
      text: "A video",
      media: [
        {
          url: `${sandbox.url}/_sandbox/media/sample.mp4?bytes=9000000`,
          mimeType: "video/mp4",
          sizeBytes: 9_000_000,
        },
      ],
      idempotencyKey: "l4",
    });
    expect(result.externalId).toMatch(/^urn:li:ugcPost:/);
    expect(
      calls.filter((call) => call.startsWith("PUT /linkedin/dms-uploads/video/")),
    ).toHaveLength(3);
    expect(calls).toContain("POST /linkedin/rest/videos?action=finalizeUpload");
    expect(
      calls.filter((call) => call.startsWith("GET /linkedin/rest/videos/")).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("turns a link into an article card from the page's Open Graph tags", async () => {
    const { tokens, person } = await member();
    const link = `${sandbox.url}/_sandbox/pages/article`;
    await linkedin.publish({ tokens, accountId: person, ...text(`Read this: ${link}`, "l5") });
    const { posts } = await postsReceived(sandbox, "linkedin");
    expect(posts[0]?.card).toEqual({ uri: link, title: "A sandbox article" });
  });

  it("adds the first comment to the post as the same author", async () => {
    const { tokens, page } = await member();
    const result = await linkedin.publish({
      tokens,
      accountId: page,
      ...text("With a comment", "l6"),
      firstComment: "Link in the comment",
    });
    const { posts } = await postsReceived(sandbox, "linkedin", "ada-company");
    expect(posts.map((p) => [p.text, p.replyTo])).toEqual([
      ["With a comment", undefined],
      ["Link in the comment", result.externalId],
    ]);
    expect(result.childIds).toEqual([
      `urn:li:comment:(${result.externalId},${posts[1]?.id.split(",")[1]?.slice(0, -1)})`,
    ]);
  });

  it("has no threads", async () => {
    const { tokens, person } = await member();
    const error = await networkError(() =>
      linkedin.publish({
        tokens,
        accountId: person,
        ...text("Head", "l7"),
        thread: [{ text: "More" }],
      }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "thread_unsupported",
    });
  });

  it("finds a page post it made, for reconciliation", async () => {
    const { tokens, page } = await member();
    const since = new Date(Date.now() - 1000).toISOString();
    const made = await linkedin.publish({
      tokens,
      accountId: page,
      ...text("Find (me) #please", "l8"),
    });
    const found = await linkedin.findPost?.({
      tokens,
      accountId: page,
      idempotencyKey: "l8",
      text: "Find (me) #please",
      since,
    });
    expect(found?.externalId).toBe(made.externalId);
    // A member's own posts are readable only with r_member_social: not found, not an error.
    const bo = await member("bo");
    await linkedin.publish({ tokens: bo.tokens, accountId: bo.person, ...text("Mine", "l9") });
    const lookup = {
      tokens: bo.tokens,
      accountId: bo.person,
      idempotencyKey: "l9",
      text: "Mine",
      since,
    };
    expect(await linkedin.findPost?.(lookup)).toBeUndefined();
  });
});

describe("LinkedIn: metrics", () => {
  it("reads a page post's share statistics as they grow", async () => {
    const { tokens, page } = await member();
    const { externalId } = await linkedin.publish({
      tokens,
      accountId: page,
      ...text("Measure me", "m1"),
    });
    await advanceClock(sandbox, 600);
    const metrics = await linkedin.metrics({ tokens, accountId: page, externalId });
    expect(metrics.impressions).toBeGreaterThan(0);
    expect(metrics.reach).toBeLessThan(metrics.impressions ?? 0);
    expect(metrics.likes).toBeGreaterThan(0);
    expect(metrics.clicks).toBeGreaterThan(0);
    expect(metrics.comments).toBeGreaterThan(0);
    expect(metrics.saves).toBeUndefined();
  });

  it("leaves a member post's metrics undefined without r_member_social", async () => {
    const { tokens, person } = await member();
    const { externalId } = await linkedin.publish({
      tokens,
      accountId: person,
      ...text("Mine", "m2"),
    });
    expect(await linkedin.metrics({ tokens, accountId: person, externalId })).toEqual({});
  });
});

networkContract({
  network: "linkedin",
  sandbox: () => sandbox,
  adapter: () => linkedin,
  handle: "ada",
  // As the organization page: a member's own posts cannot be read back without r_member_social.
  connect: async () => {
    const { tokens, page } = await member();
    return { tokens, accountId: page };
  },
  post: (text) => ({ text, media: [] }),
  faults: {
    serverError: { path: "/rest/posts", expect: { status: 500 } },
    // LinkedIn says no wait.
    rateLimit: { expect: { code: "TOO_MANY_REQUESTS", retryAfterMs: undefined } },
    revokedMessage: "LinkedIn says the access token was revoked. Reconnect the account.",
  },
});

describe("LinkedIn: faults", () => {
  it("names LinkedIn's code for a revoked token", async () => {
    const { tokens, person } = await member();
    await setFault(sandbox, { network: "linkedin", account: "ada", kind: "revoked" });
    const error = await networkError(() =>
      linkedin.publish({ tokens, accountId: person, ...text("Gone", "f3") }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "auth",
      code: "REVOKED_ACCESS_TOKEN",
    });
  });

  it("classifies a duplicate as permanent with LinkedIn's reason", async () => {
    const { tokens, person } = await member();
    await linkedin.publish({ tokens, accountId: person, ...text("Same words", "f4") });
    const error = await networkError(() =>
      linkedin.publish({ tokens, accountId: person, ...text("Same words", "f5") }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "DUPLICATE_POST",
    });
    expect(error.detail).toMatch(/Content is a duplicate of urn:li:share:\d+/);
    expect(error.userMessage).toBe(
      "LinkedIn refused the post: it is a duplicate of a recent post. Change the text and try again.",
    );
  });

  it("reports a first comment that failed with what is already live", async () => {
    const { tokens, person } = await member();
    await setFault(sandbox, { network: "linkedin", kind: "5xx", path: "/comments" });
    const error = await networkError(() =>
      linkedin.publish({ tokens, accountId: person, ...text("Head", "f6"), firstComment: "Tail" }),
    );
    const { posts } = await postsReceived(sandbox, "linkedin");
    expect(error.partial?.externalId).toBe(posts[0]?.id);
    expect(error.userMessage).toMatch(
      /^The post is live on LinkedIn, but the first comment was not published/,
    );
  });
});
