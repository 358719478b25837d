import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, call, signUp } from "../support/api.ts";
import { finished, type JobBody, jobsWorker } from "../support/jobs.ts";
import {
  connectWithTokens,
  publishWorker,
  sandboxFault,
  sandboxPosts,
  waitFor,
} from "../support/publishing.ts";

// The publish consumer used to stop at 30 seconds while adapters wait minutes for a video upload
// (infra/publish.ts now gives it 10 minutes, and the claim's lease 12). Here the sandbox holds
// one account's video upload for 35 seconds; the worker plays the consumer with no cut-off
// shorter than infra's, and the post must still go out, once.
const fromCore = createRequire(new URL("../../packages/core/package.json", import.meta.url));
const ffmpeg = (fromCore("@ffmpeg-installer/ffmpeg") as { path: string }).path;

let folder: string;
let publishing: ReturnType<typeof publishWorker>;
let jobs: ReturnType<typeof jobsWorker>;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "cadence-slow-video-"));
  execFileSync(ffmpeg, [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "2"],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", join(folder, "clip.mp4")],
  ]);
  publishing = publishWorker();
  jobs = jobsWorker();
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await publishing.stop();
  await jobs.stop();
});

describe("a slow video upload", () => {
  it("a video publish that takes longer than 30 seconds completes", async () => {
    const owner = await signUp("slow-video");
    const handle = `slowvid-${Date.now()}.test`;
    const bluesky = await connectWithTokens(owner, owner.workspaceId, "bluesky", handle);
    const media = `/workspaces/${owner.workspaceId}/media`;

    const bytes = readFileSync(join(folder, "clip.mp4"));
    const started = await call<{
      media: { id: string; name: string };
      upload: { url: string; fields: Record<string, string> };
    }>("POST", `${media}/uploads`, {
      token: owner.accessToken,
      body: { fileName: "clip.mp4", contentType: "video/mp4", sizeBytes: bytes.length },
    });
    expect(started.status, started.text).toBe(201);
    const form = new FormData();
    for (const [name, value] of Object.entries(started.body.upload.fields))
      form.append(name, value);
    form.append("file", new Blob([new Uint8Array(bytes)], { type: "video/mp4" }), "clip.mp4");
    expect((await fetch(started.body.upload.url, { method: "POST", body: form })).status).toBe(204);
    const completing = await call<JobBody>("POST", `${media}/${started.body.media.id}/complete`, {
      token: owner.accessToken,
    });
    const processed = await finished(completing as ApiResponse<JobBody>, owner.accessToken);
    expect(processed.state, JSON.stringify(processed.error)).toBe("succeeded");

    // Only this account's uploads are held, so other test files never meet the fault.
    await sandboxFault({
      network: "bluesky",
      account: bluesky.profile.handle,
      kind: "slow_media",
      delayMs: 35_000,
      count: 1,
    });
    const begun = Date.now();
    const created = await call<{ id: string }>("POST", `/workspaces/${owner.workspaceId}/posts`, {
      token: owner.accessToken,
      body: {
        text: "A slow video",
        mediaIds: [started.body.media.id],
        targets: [{ accountId: bluesky.account.id }],
        schedule: { mode: "now" },
      },
    });
    expect(created.status, created.text).toBe(201);

    const target = await waitFor(async () => {
      const post = await call<{ targets: { state: string; url: string | null }[] }>(
        "GET",
        `/workspaces/${owner.workspaceId}/posts/${created.body.id}`,
        { token: owner.accessToken },
      );
      const [first] = post.body.targets;
      return first && ["published", "failed", "needs_review"].includes(first.state)
        ? first
        : undefined;
    }, 120_000);
    expect(target.state).toBe("published");
    expect(Date.now() - begun).toBeGreaterThan(30_000);
    const received = await sandboxPosts("bluesky", bluesky.profile.handle);
    expect(received.filter((p) => p.text === "A slow video")).toHaveLength(1);
    expect(received.find((p) => p.text === "A slow video")?.media.map((m) => m.mimeType)).toEqual([
      "video/mp4",
    ]);
  }, 180_000);
});
