import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import {
  type Network,
  newAuthorizationRequest,
  type OAuthConnect,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { createPinterest } from "@cadence/networks/pinterest";
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
let pinterest: Network;
let connect: OAuthConnect;

withOwnSandbox((started) => {
  sandbox = started;
  pinterest = createPinterest(sandboxConfig("pinterest", sandbox.url, { timeoutMs: 1500 }));
  connect = oauthOf(pinterest);
});

async function connectAs(handle: string): Promise<{ tokens: TokenSet; boardId: string }> {
  const { state, codeVerifier } = newAuthorizationRequest();
  const back = await authorizeAs(await connect.authorizationUrl({ state, codeVerifier }), handle);
  const tokens = await connect.exchangeCode({
    code: readCallback(pinterest, back, state),
    codeVerifier,
  });
  const boardId = (await pinterest.profile(tokens)).subAccounts?.[0]?.externalId ?? "";
  return { tokens, boardId };
}

async function image(width = 1000, height = 1500) {
  const media = png(sandbox, width, height);
  return { ...media, sizeBytes: await sizeOf(media.url) };
}

describe("Pinterest: connect", () => {
  it("connects without PKCE, with comma-separated scopes, and lists the boards", async () => {
    const { state, codeVerifier } = newAuthorizationRequest();
    const url = await connect.authorizationUrl({ state, codeVerifier });
    expect(url.pathname).toBe("/pinterest/oauth/");
    expect(url.searchParams.get("scope")).toBe(
      "boards:read,pins:read,pins:write,user_accounts:read",
    );
    expect(url.searchParams.has("code_challenge")).toBe(false);
    const back = await authorizeAs(url, "ada");
    const tokens = await connect.exchangeCode({
      code: readCallback(pinterest, back, state),
      codeVerifier,
    });
    expect(tokens.accessToken).toMatch(/^pina_/);
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect(Date.parse(tokens.refreshExpiresAt ?? "")).toBeGreaterThan(
      Date.now() + 59 * 24 * 3600_000,
    );
    const profile = await pinterest.profile(tokens);
    expect(profile).toMatchObject({ handle: "ada", profileUrl: `${sandbox.url}/pinterest/ada/` });
    expect(profile.subAccounts?.map((board) => [board.kind, board.name])).toEqual([
      ["board", "Ada Ideas"],
      ["board", "Ada Recipes"],
      ["board", "Ada Travel"],
    ]);
  });

  it("refreshes with rotation: the old refresh token stops working", async () => {
    const { tokens } = await connectAs("ada");
    const next = await connect.refresh?.(tokens);
    expect(next?.refreshToken).not.toBe(tokens.refreshToken);
    const error = await networkError(() => connect.refresh?.(tokens) ?? Promise.resolve());
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: "auth", code: "283" });
    expect(error.userMessage).toContain("Reconnect");
  });
});

describe("Pinterest: publish", () => {
  it("pins an image with a title, description, link and alt text to the chosen board", async () => {
    const { tokens, boardId } = await connectAs("ada");
    const result = await pinterest.publish({
      tokens,
      accountId: "",
      text: "Ten-minute weeknight noodles",
      media: [{ ...(await image()), altText: "A bowl of noodles" }],
      options: { boardId, title: "Quick noodles", link: "https://example.com/noodles" },
      idempotencyKey: "p1",
    });
    expect(result.url).toBe(`${sandbox.url}/pinterest/pin/${result.externalId}/`);
    expect((await fetch(result.url)).status).toBe(200);
    const { posts } = await postsReceived(sandbox, "pinterest");
    expect(posts[0]).toMatchObject({
      boardId,
      title: "Quick noodles",
      link: "https://example.com/noodles",
      altText: "A bowl of noodles",
      mediaType: "image",
    });
    expect(await timeline(`${sandbox.url}/pinterest/ada/`)).toEqual({
      count: 1,
      texts: ["Ten-minute weeknight noodles"],
    });
  });

  it("pins a carousel of three images", async () => {
    const { tokens, boardId } = await connectAs("ada");
    await pinterest.publish({
      tokens,
      accountId: "",
      text: "Three steps",
      media: [await image(), await image(), await image()],
      options: { boardId, title: "Steps" },
      idempotencyKey: "p2",
    });
    const { posts } = await postsReceived(sandbox, "pinterest");
    expect(posts[0]).toMatchObject({ mediaType: "multiple_images" });
    expect(posts[0]?.media).toHaveLength(3);
  });

  it("uploads a video through the media form, waits for processing, and pins it", async () => {
    const { tokens, boardId } = await connectAs("ada");
    await setFault(sandbox, { network: "pinterest", kind: "slow_media", count: 1 });
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(
        `${init?.method ?? "GET"} ${new URL(input instanceof Request ? input.url : input).pathname}`,
      );
      return fetch(input, init);
    };
    const counted = createPinterest(sandboxConfig("pinterest", sandbox.url, { fetch: counting }));
    const bytes = 3_000_000;
    const result = await counted.publish({
      tokens,
      accountId: "",
      text: "Watch it rise",
      media: [
        {
          url: `${sandbox.url}/_sandbox/media/sample.mp4?bytes=${bytes}`,
          mimeType: "video/mp4",
          sizeBytes: bytes,
          durationSeconds: 12,
        },
      ],
      options: { boardId, title: "Bread" },
      idempotencyKey: "p3",
    });
    const api = calls.filter((call) => call.includes("/pinterest/"));
    expect(api[0]).toBe("POST /pinterest/v5/media");
    expect(api[1]).toBe("POST /pinterest/media-upload/");
    expect(api.filter((call) => call.startsWith("GET /pinterest/v5/media/")).length).toBe(2);
    expect(api.at(-1)).toBe("POST /pinterest/v5/pins");
    const { posts } = await postsReceived(sandbox, "pinterest");
    expect(posts[0]).toMatchObject({ mediaType: "video", cover: "frame 0" });
    expect(result.externalId).toBe(posts[0]?.id);
  });

  it("needs a board", async () => {
    const { tokens } = await connectAs("ada");
    const error = await networkError(async () =>
      pinterest.publish({
        tokens,
        accountId: "",
        text: "x",
        media: [await image()],
        idempotencyKey: "p4",
      }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "board_required",
    });
  });

  it("finds a Pin it made by its description, for reconciliation", async () => {
    const { tokens, boardId } = await connectAs("ada");
    const since = new Date(Date.now() - 5000).toISOString();
    const made = await pinterest.publish({
      tokens,
      accountId: "",
      text: "Find me",
      media: [await image()],
      options: { boardId },
      idempotencyKey: "p5",
    });
    const found = await pinterest.findPost?.({
      tokens,
      accountId: "",
      idempotencyKey: "p5",
      text: "Find me",
      since,
    });
    expect(found).toEqual({ externalId: made.externalId, url: made.url });
  });

  it("reads impressions, saves and clicks that grow; likes, comments, shares and reach stay undefined", async () => {
    const { tokens, boardId } = await connectAs("ada");
    const { externalId } = await pinterest.publish({
      tokens,
      accountId: "",
      text: "Measure me",
      media: [await image()],
      options: { boardId },
      idempotencyKey: "p6",
    });
    await advanceClock(sandbox, 600);
    const metrics = await pinterest.metrics({ tokens, accountId: "", externalId });
    expect(metrics.impressions).toBeGreaterThan(0);
    expect(metrics.saves).toBeGreaterThan(0);
    expect(metrics.clicks).toBeGreaterThan(0);
    expect(metrics).toEqual({
      impressions: metrics.impressions,
      saves: metrics.saves,
      clicks: metrics.clicks,
    });
  });
});

networkContract({
  network: "pinterest",
  sandbox: () => sandbox,
  adapter: () => pinterest,
  handle: "ada",
  // A Pin goes to a board: the first one the account has.
  connect: async () => {
    const { tokens, boardId } = await connectAs("ada");
    return { tokens, accountId: "", options: { boardId } };
  },
  post: async (text) => ({ text, media: [await image()] }),
  faults: {
    serverError: { path: "/v5/pins", expect: { status: 503 } },
    // The wait from Pinterest's rate-limit headers.
    rateLimit: { retryAfterSeconds: 90, expect: { code: "8", retryAfterMs: 90_000 } },
    revokedMessage: "Pinterest says the access token is no longer valid. Reconnect the account.",
  },
});

describe("Pinterest: faults", () => {
  it("classifies a refused Pin as permanent with Pinterest's reason in words", async () => {
    const { tokens, boardId } = await connectAs("ada");
    await setFault(sandbox, { network: "pinterest", kind: "reject" });
    const error = await networkError(async () =>
      pinterest.publish({
        tokens,
        accountId: "",
        text: "Spammy",
        media: [await image()],
        options: { boardId, link: "https://example.com/deal" },
        idempotencyKey: "f4",
      }),
    );
    expect(error.kind).toBe("permanent");
    expect(error.userMessage).toBe(
      "Pinterest refused the Pin: Sorry! We blocked this link because it may lead to spam. Edit the post and try again.",
    );
  });
});
