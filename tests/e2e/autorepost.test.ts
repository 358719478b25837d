import { Autorepost } from "@cadence/core/autorepost";
import { db } from "@cadence/core/db/service";
import { adapterFor } from "@cadence/core/network";
import { handler as autorepostCron } from "@cadence/functions/cron/autorepost";
import type { TokenSet } from "@cadence/networks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, type Person, team } from "../support/api.ts";
import {
  connectWithTokens,
  networksUrl,
  publishWorker,
  sandboxPosts,
  waitFor,
} from "../support/publishing.ts";

type Rule = {
  id: string;
  version: number;
  enabled: boolean;
  lastCheckedAt: string;
  skipped: { sourceId: string; reason: string }[];
};
type RunResult = {
  found: number;
  reposted: { sourceId: string; postId: string }[];
  skipped: { sourceId: string; reason: string }[];
  error: { code: string; message: string } | null;
};

let ws: Awaited<ReturnType<typeof team>>;
let owner: Person;
let other: Awaited<ReturnType<typeof team>>;
let source: Awaited<ReturnType<typeof connectWithTokens>>;
let x: Awaited<ReturnType<typeof connectWithTokens>>;
let mastodon: Awaited<ReturnType<typeof connectWithTokens>>;
let xHandle: string;
let mastodonHandle: string;
let worker: ReturnType<typeof publishWorker>;
const stamp = Date.now().toString(36);

const rules = () => `/workspaces/${ws.workspaceId}/autorepost-rules`;

async function sandboxTexts(network: string, handle: string): Promise<string[]> {
  return (await sandboxPosts(network, handle)).map((p) => p.text);
}

/** Posts on the source network as the person would there, outside Cadence. */
async function postOnSource(tokens: TokenSet, text: string) {
  return adapterFor("bluesky").publish({
    tokens,
    accountId: source.profile.externalId,
    text,
    media: [],
    idempotencyKey: crypto.randomUUID(),
  });
}

/** Whether the cron's sparse index of enabled rules holds the rule. */
async function indexed(ruleId: string): Promise<boolean> {
  for (let shard = 0; shard < Autorepost.shards; shard++) {
    const page = await db()
      .entities.autorepostRule.query.enabledRules({ pollShard: String(shard) })
      .go({ pages: "all" });
    if (page.data.some((rule) => rule.ruleId === ruleId)) return true;
  }
  return false;
}

async function createRule(body: Record<string, unknown>, person = owner) {
  return call<Rule>("POST", rules(), { token: person.accessToken, body });
}

/** Waits until `handle` on `network` has `count` posts containing `needle`. */
async function postsWith(network: string, handle: string, needle: string, count = 1) {
  return waitFor(async () => {
    const found = (await sandboxTexts(network, handle)).filter((t) => t.includes(needle));
    return found.length >= count ? found : undefined;
  });
}

beforeAll(async () => {
  ws = await team("autorepost");
  owner = ws.owner;
  other = await team("autorepost-other");
  source = await connectWithTokens(owner, ws.workspaceId, "bluesky", `ar-src-${stamp}.test`);
  xHandle = `ar-x-${stamp}`;
  mastodonHandle = `ar-mast-${stamp}`;
  x = await connectWithTokens(owner, ws.workspaceId, "x", xHandle);
  mastodon = await connectWithTokens(owner, ws.workspaceId, "mastodon", mastodonHandle);
  xHandle = x.profile.handle;
  worker = publishWorker();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
});

describe("autorepost rules", () => {
  it("reposts a new source post once to each target with the template, never older posts", async () => {
    await postOnSource(source.tokens, `Before the rule ${stamp}`);
    const created = await createRule({
      name: "Bluesky to X and Mastodon",
      sourceAccountId: source.account.id,
      targets: [{ accountId: x.account.id }, { accountId: mastodon.account.id }],
      template: "New: {text} {url}",
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.enabled).toBe(true);

    const sent = await postOnSource(source.tokens, `Fresh from Bluesky ${stamp}`);
    const first = await autorepostCron();
    expect(first.rules).toBeGreaterThanOrEqual(1);

    const expected = `New: Fresh from Bluesky ${stamp} ${sent.url}`;
    expect(await postsWith("x", xHandle, `Fresh from Bluesky ${stamp}`)).toEqual([expected]);
    expect(await postsWith("mastodon", mastodonHandle, `Fresh from Bluesky ${stamp}`)).toEqual([
      expected,
    ]);

    // Again, by the cron and by the button: nothing new, nothing twice.
    await autorepostCron();
    const again = await call<RunResult>("POST", `${rules()}/${created.body.id}/run`, {
      token: owner.accessToken,
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body.reposted).toEqual([]);
    expect(again.body.error).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const [network, handle] of [
      ["x", xHandle],
      ["mastodon", mastodonHandle],
    ] as const) {
      const texts = await sandboxTexts(network, handle);
      expect(texts.filter((t) => t.includes(`Fresh from Bluesky ${stamp}`))).toHaveLength(1);
      expect(texts.some((t) => t.includes(`Before the rule ${stamp}`))).toBe(false);
    }

    const history = await call<{ items: { action: string; subjectId: string }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/activity?subjectId=${created.body.id}`,
      { token: owner.accessToken },
    );
    expect(history.body.items.filter((a) => a.action === "autorepost.reposted")).toHaveLength(1);
  }, 60_000);

  it("copies the source post's image into the library and reposts it with the image", async () => {
    const image = `${networksUrl()}/_sandbox/media/sample.png?width=64&height=64`;
    const bytes = (await (await fetch(image)).arrayBuffer()).byteLength;
    await adapterFor("bluesky").publish({
      tokens: source.tokens,
      accountId: source.profile.externalId,
      text: `With a picture ${stamp}`,
      media: [
        {
          url: image,
          mimeType: "image/png",
          sizeBytes: bytes,
          width: 64,
          height: 64,
          altText: "A square",
        },
      ],
      idempotencyKey: crypto.randomUUID(),
    });
    await autorepostCron();
    await postsWith("x", xHandle, `With a picture ${stamp}`);
    await postsWith("mastodon", mastodonHandle, `With a picture ${stamp}`);
    for (const [network, handle] of [
      ["x", xHandle],
      ["mastodon", mastodonHandle],
    ] as const) {
      const repost = (await sandboxPosts(network, handle)).find((p) =>
        p.text.includes(`With a picture ${stamp}`),
      );
      expect(repost?.media.map((m) => m.mimeType)).toEqual(["image/png"]);
    }
    const library = await call<{ items: { kind: string }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/media`,
      {
        token: owner.accessToken,
      },
    );
    expect(library.body.items.filter((m) => m.kind === "image").length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("leaves out a target whose network refuses the post and records why on the rule", async () => {
    const created = await createRule({
      name: "Long posts",
      sourceAccountId: source.account.id,
      targets: [{ accountId: x.account.id }, { accountId: mastodon.account.id }],
      template: "{text}",
    });
    expect(created.status, created.text).toBe(201);
    const long = `Long ${stamp} ${"a".repeat(280)}`;
    const sent = await postOnSource(source.tokens, long);
    const run = await call<RunResult>("POST", `${rules()}/${created.body.id}/run`, {
      token: owner.accessToken,
    });
    expect(run.status, run.text).toBe(200);
    expect(run.body.reposted).toHaveLength(1);
    expect(await postsWith("mastodon", mastodonHandle, long)).toContain(long);
    const rule = await call<Rule>("GET", `${rules()}/${created.body.id}`, {
      token: owner.accessToken,
    });
    const skipped = rule.body.skipped.find((s) => s.sourceId === sent.externalId);
    expect(skipped?.reason).toMatch(/^x: /);
    // Settle the other rules' reposts of this post before the next test counts posts.
    await autorepostCron();
  }, 60_000);

  it("a disabled rule does nothing", async () => {
    const created = await createRule({
      name: "Paused",
      sourceAccountId: source.account.id,
      targets: [{ accountId: mastodon.account.id }],
      template: "Paused rule: {text}",
    });
    const paused = await call<Rule>("PATCH", `${rules()}/${created.body.id}`, {
      token: owner.accessToken,
      headers: { "if-match": `"${created.body.version}"` },
      body: { enabled: false },
    });
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.enabled).toBe(false);
    expect(await indexed(created.body.id)).toBe(false);
    const stale = await call("PATCH", `${rules()}/${created.body.id}`, {
      token: owner.accessToken,
      headers: { "if-match": `"${created.body.version}"` },
      body: { enabled: true },
    });
    expect(stale.status).toBe(412);
    const missing = await call("PATCH", `${rules()}/${created.body.id}`, {
      token: owner.accessToken,
      body: { enabled: true },
    });
    expect(missing.status).toBe(428);

    await postOnSource(source.tokens, `While paused ${stamp}`);
    await autorepostCron();
    const run = await call<RunResult>("POST", `${rules()}/${created.body.id}/run`, {
      token: owner.accessToken,
    });
    expect(run.body.reposted).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const texts = await sandboxTexts("mastodon", mastodonHandle);
    expect(texts.some((t) => t.startsWith("Paused rule:"))).toBe(false);

    // Switched back on, it starts from now: the post made while paused is not backfilled.
    await call("PATCH", `${rules()}/${created.body.id}`, {
      token: owner.accessToken,
      body: { enabled: true, version: paused.body.version },
    });
    expect(await indexed(created.body.id)).toBe(true);
    const resumed = await call<RunResult>("POST", `${rules()}/${created.body.id}/run`, {
      token: owner.accessToken,
    });
    expect(resumed.body.reposted).toEqual([]);
  }, 60_000);

  it("a viewer can read rules but not create them", async () => {
    const body = {
      name: "Viewer's",
      sourceAccountId: source.account.id,
      targets: [{ accountId: x.account.id }],
    };
    const refused = await createRule(body, ws.viewer);
    expect(refused.status).toBe(403);
    expect((refused.body as unknown as { code: string }).code).toBe("role_required");
    const listed = await call<{ items: Rule[] }>("GET", rules(), { token: ws.viewer.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it("refuses another workspace's accounts and sources that cannot be read, naming the field", async () => {
    const foreign = await connectAccount(other.owner, other.workspaceId, "mastodon");
    const asTarget = await createRule({
      name: "Foreign target",
      sourceAccountId: source.account.id,
      targets: [{ accountId: x.account.id }, { accountId: foreign.id }],
    });
    expect(asTarget.status).toBe(400);
    expect(asTarget.body).toMatchObject({
      code: "account_not_found",
      field: "targets[1].accountId",
    });
    const asSource = await createRule({
      name: "Foreign source",
      sourceAccountId: foreign.id,
      targets: [{ accountId: x.account.id }],
    });
    expect(asSource.status).toBe(400);
    expect(asSource.body).toMatchObject({ code: "account_not_found", field: "sourceAccountId" });

    const linkedin = await connectAccount(owner, ws.workspaceId, "linkedin");
    const unreadable = await createRule({
      name: "From LinkedIn",
      sourceAccountId: linkedin.id,
      targets: [{ accountId: x.account.id }],
    });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body).toMatchObject({
      code: "source_not_supported",
      field: "sourceAccountId",
    });
    expect((unreadable.body as unknown as { detail: string }).detail).toContain("bluesky");
  });
});
