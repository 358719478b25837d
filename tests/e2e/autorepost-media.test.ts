import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapterFor } from "@cadence/core/network";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Person, team } from "../support/api.ts";
import { jobsWorker } from "../support/jobs.ts";
import { probeUrl, testVideo, uploadMedia } from "../support/media.ts";
import {
  connectWithTokens,
  networksUrl,
  publishWorker,
  sandboxPosts,
  waitFor,
} from "../support/publishing.ts";

// A source post's video goes out on every target network fitted to its rules: read back from
// what each sandbox network received, with ffprobe.

type Connected = Awaited<ReturnType<typeof connectWithTokens>>;
type Rule = { id: string; skipped: { sourceId: string; reason: string }[] };
type RunResult = {
  reposted: { sourceId: string; postId: string }[];
  skipped: { sourceId: string; reason: string }[];
};

let ws: Awaited<ReturnType<typeof team>>;
let owner: Person;
let source: Connected;
const targets: Record<string, Connected> = {};
let publisher: ReturnType<typeof publishWorker>;
let jobs: ReturnType<typeof jobsWorker>;
const stamp = Date.now().toString(36);
const rules = () => `/workspaces/${ws.workspaceId}/autorepost-rules`;

beforeAll(async () => {
  ws = await team("autorepost-media");
  owner = ws.owner;
  source = await connectWithTokens(owner, ws.workspaceId, "bluesky", `arm-src-${stamp}.test`);
  for (const network of ["instagram", "youtube", "tiktok", "x"]) {
    targets[network] = await connectWithTokens(
      owner,
      ws.workspaceId,
      network,
      `arm-${network}-${stamp}`,
    );
  }
  publisher = publishWorker();
  jobs = jobsWorker();
}, 180_000);

afterAll(async () => {
  await publisher?.stop();
  await jobs?.stop();
});

/** Posts a video on the source network as the person would there, outside Cadence. */
async function postVideoOnSource(text: string, width: number, height: number, seconds: number) {
  const media = await uploadMedia(owner, {
    name: "source.mp4",
    type: "video/mp4",
    bytes: testVideo(width, height, seconds),
  });
  return adapterFor("bluesky").publish({
    tokens: source.tokens,
    accountId: source.profile.externalId,
    text,
    media: [
      {
        url: media.url ?? "",
        mimeType: "video/mp4",
        sizeBytes: media.sizeBytes,
        width,
        height,
        durationSeconds: media.durationSeconds,
      },
    ],
    idempotencyKey: crypto.randomUUID(),
  });
}

type PostBody = {
  mediaIds: string[];
  targets: {
    accountId: string;
    state: string;
    error: { message: string } | null;
    overrides: { mediaIds?: string[] };
  }[];
};

/**
 * The video one target published: the sandbox network got a video, and the file Cadence sent it
 * (the target's fitted copy, else the post's file) is probed with ffprobe. TikTok, X and YouTube
 * keep the bytes they were sent; those are probed too and must be the same file.
 */
async function publishedVideo(network: string, postId: string) {
  const handle = targets[network]?.profile.handle;
  const accountId = targets[network]?.account.id;
  const target = await waitFor(async () => {
    const post = await call<PostBody>("GET", `/workspaces/${ws.workspaceId}/posts/${postId}`, {
      token: owner.accessToken,
    });
    const found = post.body.targets.find((t) => t.accountId === accountId);
    return found && ["published", "failed", "needs_review"].includes(found.state)
      ? { ...found, post: post.body }
      : undefined;
  }, 120_000);
  expect(target.state, `${network}: ${JSON.stringify(target.error)}`).toBe("published");
  const received = (await sandboxPosts(network, handle)).find((p) => p.media.length > 0)
    ?.media[0] as { id: string; mimeType: string } | undefined;
  // YouTube's upload is the video resource itself: its sandbox post lists no separate media.
  if (network !== "youtube") expect(received?.mimeType, network).toMatch(/^video\//);
  const mediaId = target.overrides.mediaIds?.[0] ?? target.post.mediaIds[0];
  const media = await call<{ url: string }>(
    "GET",
    `/workspaces/${ws.workspaceId}/media/${mediaId}`,
    { token: owner.accessToken },
  );
  const sent = probeUrl(media.body.url);
  const file = await fetch(`${networksUrl()}/_sandbox/files/${received?.id}`);
  if (file.ok) {
    const path = join(tmpdir(), `arm-${network}-${stamp}.mp4`);
    writeFileSync(path, Buffer.from(await file.arrayBuffer()));
    expect(probeUrl(path)).toEqual(sent);
  }
  return sent;
}

describe("autorepost carries the video, fitted per target", () => {
  it("a 16:9 Bluesky video becomes a 9:16 Reel, Short and TikTok, and stays 16:9 on X", async () => {
    const created = await call<Rule>("POST", rules(), {
      token: owner.accessToken,
      body: {
        name: "Everywhere",
        sourceAccountId: source.account.id,
        targets: [
          { accountId: targets.instagram?.account.id },
          {
            accountId: targets.youtube?.account.id,
            overrides: { title: `Clip ${stamp}`, shorts: true },
          },
          { accountId: targets.tiktok?.account.id },
          { accountId: targets.x?.account.id },
        ],
        template: "{caption} {hashtags}",
      },
    });
    expect(created.status, created.text).toBe(201);
    await postVideoOnSource(`Wide clip ${stamp} #demo`, 640, 360, 4);
    const run = await call<RunResult>("POST", `${rules()}/${created.body.id}/run`, {
      token: owner.accessToken,
    });
    expect(run.status, run.text).toBe(200);
    expect(run.body.skipped, JSON.stringify(run.body.skipped)).toEqual([]);
    expect(run.body.reposted).toHaveLength(1);

    const postId = run.body.reposted[0]?.postId ?? "";
    for (const network of ["instagram", "youtube", "tiktok"]) {
      const video = await publishedVideo(network, postId);
      expect(video, network).toMatchObject({
        videoCodec: "h264",
        audioCodec: "aac",
        width: 360,
        height: 640,
      });
      expect(video.durationSeconds).toBeGreaterThan(3.8);
      expect(video.durationSeconds).toBeLessThan(4.3);
    }
    const onX = await publishedVideo("x", postId);
    expect(onX).toMatchObject({ videoCodec: "h264", width: 640, height: 360 });
    // Every target took the repost: none was left out.
    const rule = await call<Rule>("GET", `${rules()}/${created.body.id}`, {
      token: owner.accessToken,
    });
    expect(rule.body.skipped).toEqual([]);
  }, 300_000);
});
