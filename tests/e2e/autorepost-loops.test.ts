import { adapterFor } from "@cadence/core/network";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Person, team } from "../support/api.ts";
import { connectWithTokens, publishWorker, waitFor } from "../support/publishing.ts";

// Two rules A→B and B→A would repost each post back and forth: refused on save, and a post
// Cadence made as a repost is never read back as a source post. The same content posted twice
// on the source is reposted once.

type Connected = Awaited<ReturnType<typeof connectWithTokens>>;
type RunResult = {
  reposted: { sourceId: string; postId: string }[];
  skipped: { sourceId: string; reason: string }[];
};

let ws: Awaited<ReturnType<typeof team>>;
let owner: Person;
let bluesky: Connected;
let mastodon: Connected;
let x: Connected;
let worker: ReturnType<typeof publishWorker>;
const stamp = Date.now().toString(36);
const rules = () => `/workspaces/${ws.workspaceId}/autorepost-rules`;

beforeAll(async () => {
  ws = await team("autorepost-loops");
  owner = ws.owner;
  bluesky = await connectWithTokens(owner, ws.workspaceId, "bluesky", `arl-${stamp}.test`);
  mastodon = await connectWithTokens(owner, ws.workspaceId, "mastodon", `arl-m-${stamp}`);
  x = await connectWithTokens(owner, ws.workspaceId, "x", `arl-x-${stamp}`);
  worker = publishWorker();
}, 120_000);
afterAll(async () => {
  await worker?.stop();
});

const rule = (name: string, from: Connected, to: Connected[]) =>
  call<{ id: string; code?: string; detail?: string }>("POST", rules(), {
    token: owner.accessToken,
    body: {
      name,
      sourceAccountId: from.account.id,
      targets: to.map((t) => ({ accountId: t.account.id })),
      template: "{caption} {hashtags}",
    },
  });
const run = (ruleId: string) =>
  call<RunResult>("POST", `${rules()}/${ruleId}/run`, { token: owner.accessToken });
const postOnBluesky = (text: string) =>
  adapterFor("bluesky").publish({
    tokens: bluesky.tokens,
    accountId: bluesky.profile.externalId,
    text,
    media: [],
    idempotencyKey: crypto.randomUUID(),
  });

describe("autorepost loops and duplicates", () => {
  it("B→A beside A→B is refused; a repost on B is never taken by B's own rule", async () => {
    const forward = await rule("Bluesky to Mastodon", bluesky, [mastodon]);
    expect(forward.status, forward.text).toBe(201);
    const back = await rule("Mastodon back to Bluesky", mastodon, [x, bluesky]);
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ code: "autorepost_loop" });
    expect(back.text).toContain("Bluesky to Mastodon");

    // Mastodon → X is no loop; it must still never repost what Cadence reposted on Mastodon.
    const onward = await rule("Mastodon to X", mastodon, [x]);
    expect(onward.status, onward.text).toBe(201);
    await postOnBluesky(`Loop check ${stamp} #once`);
    const first = await run(forward.body.id);
    expect(first.body.reposted).toHaveLength(1);
    const postId = first.body.reposted[0]?.postId;
    await waitFor(async () => {
      const post = await call<{ targets: { state: string }[] }>(
        "GET",
        `/workspaces/${ws.workspaceId}/posts/${postId}`,
        { token: owner.accessToken },
      );
      return post.body.targets[0]?.state === "published" ? true : undefined;
    }, 60_000);
    const second = await run(onward.body.id);
    expect(second.body.reposted).toEqual([]);
    expect(second.body.skipped).toHaveLength(1);
    expect(second.body.skipped[0]?.reason).toContain("itself a repost Cadence made");
    // Run again: handled once, never reported twice.
    expect((await run(onward.body.id)).body.skipped).toEqual([]);
  }, 120_000);

  it("the same post made twice on the source is reposted once", async () => {
    const created = await rule("Bluesky to X", bluesky, [x]);
    expect(created.status, created.text).toBe(201);
    await postOnBluesky(`Twice ${stamp}`);
    await postOnBluesky(`Twice ${stamp}`);
    const result = await run(created.body.id);
    expect(result.body.reposted).toHaveLength(1);
    expect(result.body.skipped.map((s) => s.reason)).toEqual([
      "Not reposted: the same post (same words and files) was reposted before.",
    ]);
  }, 60_000);
});
