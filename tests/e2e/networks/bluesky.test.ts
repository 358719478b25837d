import { sandboxConfig } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import type { AppPasswordConnect, Network, TokenSet } from "@cadence/networks";
import { createBluesky } from "@cadence/networks/bluesky";
import { describe, expect, it } from "vitest";
import { networkContract } from "./contract.ts";
import {
  advanceClock,
  networkError,
  png,
  postsReceived,
  setFault,
  sizeOf,
  timeline,
  withOwnSandbox,
} from "./support.ts";

let sandbox: RunningSandbox;
let bluesky: Network;
let connect: AppPasswordConnect;

withOwnSandbox((started) => {
  sandbox = started;
  bluesky = createBluesky(sandboxConfig("bluesky", sandbox.url, { timeoutMs: 1500 }));
  if (bluesky.connect.method !== "app_password")
    throw new Error("Bluesky connects with an app password");
  connect = bluesky.connect;
});

const signIn = (handle: string, password = "abcd-efgh-ijkl-mnop"): Promise<TokenSet> =>
  connect.signIn({ identifier: handle, password });

describe("Bluesky: connect", () => {
  it("signs in with an app password, keeps the PDS from the DID document and reads the profile", async () => {
    const tokens = await signIn("alice.test");
    expect(tokens.context).toMatchObject({ handle: "alice.test", pds: `${sandbox.url}/bluesky` });
    expect(tokens.context?.did).toMatch(/^did:plc:/);
    expect(Date.parse(tokens.expiresAt ?? "")).toBeGreaterThan(Date.now() + 3600_000);
    const profile = await bluesky.profile(tokens);
    expect(profile).toMatchObject({
      externalId: tokens.context?.did,
      handle: "alice.test",
      displayName: "Alice Test",
      profileUrl: `${sandbox.url}/bluesky/profile/alice.test`,
    });
  });

  it("refuses a wrong app password as auth, saying what to do", async () => {
    await signIn("alice.test");
    const error = await networkError(() => signIn("alice.test", "wrong-pass-word-xxxx"));
    expect(error.kind).toBe("auth");
    expect(error.userMessage).toMatch(/^Bluesky did not accept the handle and app password/);
  });

  it("refreshes the session; the old refresh token is spent", async () => {
    const first = await signIn("alice.test");
    const second = await connect.refresh?.(first);
    expect(second?.accessToken).not.toBe(first.accessToken);
    await expect(bluesky.profile(second as TokenSet)).resolves.toMatchObject({
      handle: "alice.test",
    });
    const error = await networkError(() => connect.refresh?.(first) ?? Promise.resolve());
    expect(error.kind).toBe("auth");
  });

  it("signs out (deleteSession) so the tokens stop working", async () => {
    const tokens = await signIn("alice.test");
    await connect.revoke?.(tokens);
    expect((await networkError(() => bluesky.profile(tokens))).kind).toBe("auth");
  });
});

describe("Bluesky: publish", () => {
  it("publishes text with facets for a link, a resolved mention and a hashtag", async () => {
    await signIn("bob.test");
    const tokens = await signIn("alice.test");
    const text = "Hi @bob.test and @nobody.test, see https://example.com #cadence";
    const result = await bluesky.publish({
      tokens,
      accountId: "",
      text,
      media: [],
      idempotencyKey: "b1",
      options: { linkCard: false },
    });
    expect(result.externalId).toMatch(
      /^at:\/\/did:plc:[a-z2-7]+\/app\.bsky\.feed\.post\/[a-z2-7]{13}$/,
    );
    expect(result.url).toBe(
      `${sandbox.url}/bluesky/profile/alice.test/post/${result.externalId.split("/").pop()}`,
    );
    const record = (await postsReceived(sandbox, "bluesky")).posts[0] as unknown as {
      record: {
        facets: { index: { byteStart: number; byteEnd: number }; features: { $type: string }[] }[];
      };
    };
    const kinds = record.record.facets.map((f) => [
      f.features[0]?.$type,
      text.slice(f.index.byteStart, f.index.byteEnd),
    ]);
    expect(kinds).toEqual([
      ["app.bsky.richtext.facet#mention", "@bob.test"],
      ["app.bsky.richtext.facet#link", "https://example.com"],
      ["app.bsky.richtext.facet#tag", "#cadence"],
    ]);
    expect(await timeline(`${sandbox.url}/bluesky/profile/alice.test`)).toEqual({
      count: 1,
      texts: [text],
    });
  });

  it("adds a link card from the page's Open Graph tags", async () => {
    const tokens = await signIn("alice.test");
    await bluesky.publish({
      tokens,
      accountId: "",
      text: `Read ${sandbox.url}/_sandbox/pages/article`,
      media: [],
      idempotencyKey: "b2",
    });
    const [post] = (await postsReceived(sandbox, "bluesky")).posts;
    expect(post?.card).toMatchObject({
      uri: `${sandbox.url}/_sandbox/pages/article`,
      title: "A sandbox article",
      thumb: { $type: "blob" },
    });
  });

  it("publishes images with alt text and aspect ratio, and a video", async () => {
    const tokens = await signIn("alice.test");
    const image = png(sandbox, 300, 150);
    const sizeBytes = await sizeOf(image.url);
    await bluesky.publish({
      tokens,
      accountId: "",
      text: "Two pictures",
      media: [
        { ...image, sizeBytes, altText: "Wide" },
        { ...image, sizeBytes },
      ],
      idempotencyKey: "b3",
    });
    const video = `${sandbox.url}/_sandbox/media/sample.mp4?bytes=40000`;
    await bluesky.publish({
      tokens,
      accountId: "",
      text: "A clip",
      media: [{ url: video, mimeType: "video/mp4", sizeBytes: 40000, altText: "Moving" }],
      idempotencyKey: "b4",
    });
    const { posts } = await postsReceived(sandbox, "bluesky");
    expect(posts.map((p) => p.media.map((m) => [m.mimeType, m.altText]))).toEqual([
      [
        ["image/png", "Wide"],
        ["image/png", undefined],
      ],
      [["video/mp4", "Moving"]],
    ]);
    const record = posts[0] as unknown as {
      record: { embed: { images: { aspectRatio: unknown }[] } };
    };
    expect(record.record.embed.images[0]?.aspectRatio).toEqual({ width: 300, height: 150 });
  });

  it("publishes a thread with root and parent references", async () => {
    const tokens = await signIn("alice.test");
    const result = await bluesky.publish({
      tokens,
      accountId: "",
      text: "One",
      thread: [{ text: "Two" }, { text: "Three" }],
      firstComment: "Comment",
      media: [],
      idempotencyKey: "b5",
    });
    const { posts } = await postsReceived(sandbox, "bluesky");
    const replies = posts.map(
      (p) =>
        (p as unknown as { record: { reply?: { root: { uri: string }; parent: { uri: string } } } })
          .record.reply,
    );
    const [two, three, comment] = result.childIds ?? [];
    expect(replies.map((r) => [r?.root.uri, r?.parent.uri])).toEqual([
      [undefined, undefined],
      [result.externalId, result.externalId],
      [result.externalId, two],
      [result.externalId, result.externalId],
    ]);
    expect([three, comment]).toEqual([posts[2]?.id, posts[3]?.id]);
  });

  it("finds a post it made in the repository", async () => {
    const tokens = await signIn("alice.test");
    const since = new Date(Date.now() - 1000).toISOString();
    const made = await bluesky.publish({
      tokens,
      accountId: "",
      text: "Find me",
      media: [],
      idempotencyKey: "b6",
    });
    const found = await bluesky.findPost?.({
      tokens,
      accountId: "",
      idempotencyKey: "b6",
      text: "Find me",
      since,
    });
    expect(found).toEqual({ externalId: made.externalId, url: made.url });
  });

  it("reads likes, reposts with quotes, replies and bookmarks; impressions stay undefined", async () => {
    const tokens = await signIn("alice.test");
    const { externalId } = await bluesky.publish({
      tokens,
      accountId: "",
      text: "Count me",
      media: [],
      idempotencyKey: "b7",
    });
    await advanceClock(sandbox, 600);
    const metrics = await bluesky.metrics({ tokens, accountId: "", externalId });
    expect(metrics.likes).toBeGreaterThan(0);
    expect(metrics.shares).toBeGreaterThan(0);
    expect(metrics.comments).toBeGreaterThan(0);
    expect(metrics.saves).toBeGreaterThan(0);
    expect(metrics.impressions).toBeUndefined();
  });
});

networkContract({
  network: "bluesky",
  sandbox: () => sandbox,
  adapter: () => bluesky,
  handle: "alice.test",
  connect: async () => ({ tokens: await signIn("alice.test"), accountId: "" }),
  post: (text) => ({ text, media: [] }),
  faults: {
    serverError: {
      path: "createRecord",
      expect: { status: 500, code: "InternalServerError" },
    },
    rateLimit: {
      retryAfterSeconds: 300,
      expect: { code: "RateLimitExceeded", retryAfterMs: 300_000 },
    },
    revokedMessage: "Bluesky says the access token was revoked. Reconnect the account.",
  },
});

describe("Bluesky: faults", () => {
  it("a revoked app password cannot refresh the session either", async () => {
    const tokens = await signIn("alice.test");
    await setFault(sandbox, { network: "bluesky", account: "alice.test", kind: "revoked" });
    expect((await networkError(() => connect.refresh?.(tokens) ?? Promise.resolve())).kind).toBe(
      "auth",
    );
  });

  it("classifies a refused record as permanent with Bluesky's reason", async () => {
    const tokens = await signIn("alice.test");
    await setFault(sandbox, { network: "bluesky", kind: "reject" });
    const error = await networkError(() =>
      bluesky.publish({ tokens, accountId: "", text: "No", media: [], idempotencyKey: "f4" }),
    );
    expect({ kind: error.kind, code: error.code }).toEqual({
      kind: "permanent",
      code: "InvalidRequest",
    });
    expect(error.userMessage).toBe(
      "Bluesky refused the post: Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes. Edit the post and try again.",
    );
  });
});
