import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, call, type Person, signUp } from "../support/api.ts";
import { finished, type JobBody, jobsWorker } from "../support/jobs.ts";
import { type MediaBody, probeUrl, testVideo, uploadMedia } from "../support/media.ts";

// Fitted copies are made by a job off the jobs queue (played here by the local worker), stored
// as ordinary media and shared by everyone who asks for the same fit.

interface FitBody {
  state: "fits" | "queued" | "ready" | "failed";
  network: string;
  reasons: string[];
  media: MediaBody | null;
  jobId: string | null;
  error: { code: string; message: string } | null;
}

let owner: Person;
let wide: MediaBody;
let worker: ReturnType<typeof jobsWorker>;

beforeAll(async () => {
  owner = await signUp("media-fit");
  worker = jobsWorker();
  wide = await uploadMedia(owner, {
    name: "wide.mp4",
    type: "video/mp4",
    bytes: testVideo(320, 180, 4),
  });
});
afterAll(async () => {
  await worker.stop();
});

const fit = (mediaId: string, body: Record<string, unknown>) =>
  call<FitBody>("POST", `/workspaces/${owner.workspaceId}/media/${mediaId}/fit`, {
    token: owner.accessToken,
    body,
  });

describe("fitted copies", () => {
  it("a 16:9 video asked for as a reel: one job for forty askers, then a 9:16 H.264/AAC copy", async () => {
    const asks = await Promise.all(
      Array.from({ length: 40 }, () => fit(wide.id, { network: "instagram" })),
    );
    for (const ask of asks) expect(ask.status, ask.text).toBe(202);
    expect(new Set(asks.map((ask) => ask.body.jobId)).size).toBe(1);
    const first = asks[0] as ApiResponse<FitBody>;
    expect(first.body.reasons.join()).toContain("this video is 16:9; Instagram reels needs 9:16");

    const job = await finished(first as unknown as ApiResponse<JobBody>, owner.accessToken, {
      timeoutMs: 120_000,
    });
    expect(job.state, JSON.stringify(job.error)).toBe("succeeded");

    const ready = await fit(wide.id, { network: "instagram" });
    expect(ready.status, ready.text).toBe(200);
    expect(ready.body.state).toBe("ready");
    const copy = ready.body.media as MediaBody;
    expect(copy).toMatchObject({ kind: "video", mimeType: "video/mp4", width: 180, height: 320 });
    const probed = probeUrl(copy.url ?? "");
    expect(probed).toMatchObject({
      videoCodec: "h264",
      audioCodec: "aac",
      width: 180,
      height: 320,
    });
    expect(probed.durationSeconds).toBeGreaterThan(3.8);
    expect(probed.durationSeconds).toBeLessThan(4.3);

    // The copy itself fits: asking for it gives it back unchanged.
    const again = await fit(copy.id, { network: "instagram" });
    expect(again.body).toMatchObject({ state: "fits", media: { id: copy.id } });
  });

  it("a file that already fits is used as it is, and a too-short one is refused with a reason", async () => {
    const asX = await fit(wide.id, { network: "x" });
    expect(asX.status, asX.text).toBe(200);
    expect(asX.body).toMatchObject({ state: "fits", media: { id: wide.id }, jobId: null });

    const short = await uploadMedia(owner, {
      name: "blink.mp4",
      type: "video/mp4",
      bytes: testVideo(180, 320, 1),
    });
    const refused = await fit(short.id, { network: "tiktok" });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: "media_cannot_fit" });
    expect(refused.text).toContain("at least 3 s");
  });

  it("a network that is not one is a 400, another workspace's file a 404", async () => {
    const bad = await fit(wide.id, { network: "myspace" });
    expect(bad.status).toBe(400);
    const stranger = await signUp("media-fit-other");
    const foreign = await call("POST", `/workspaces/${stranger.workspaceId}/media/${wide.id}/fit`, {
      token: stranger.accessToken,
      body: { network: "instagram" },
    });
    expect(foreign.status).toBe(404);
  });
});
