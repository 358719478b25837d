import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitPolicyFor } from "@cadence/networks";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FfprobeOutput, videoFactsFrom } from "./probe-video.ts";
import { encodeImage, encodeVideo } from "./rendition-encode.ts";
import { planFit, type SourceFacts } from "./rendition-plan.ts";
import { ffmpegPath, ffprobePath, runTool } from "./tools.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rendition-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A test-pattern video with a sine tone, made by ffmpeg's own sources. */
async function testVideo(name: string, width: number, height: number, seconds: number) {
  const path = join(dir, name);
  await runTool(
    await ffmpegPath(),
    [
      ...["-hide_banner", "-loglevel", "error", "-y"],
      ...["-f", "lavfi", "-i", `testsrc=size=${width}x${height}:rate=25:duration=${seconds}`],
      ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path],
    ],
    { timeoutMs: 60_000, maxOutputBytes: 1024 * 1024 },
  );
  return path;
}

async function probe(path: string) {
  const output = await runTool(
    await ffprobePath(),
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
    { timeoutMs: 15_000, maxOutputBytes: 1024 * 1024 },
  );
  return videoFactsFrom(JSON.parse(output.toString("utf8")) as FfprobeOutput, "mp4");
}

async function factsOf(path: string): Promise<SourceFacts> {
  const facts = await probe(path);
  return { kind: "video", mimeType: "video/mp4", sizeBytes: (await stat(path)).size, ...facts };
}

describe("fitting a video to a network", () => {
  it("a 16:9 video becomes a 9:16 H.264/AAC reel, padded, with its length kept", async () => {
    const source = await testVideo("wide.mp4", 320, 180, 4);
    const fit = fitPolicyFor("instagram", { kind: "video" });
    const planned = planFit(await factsOf(source), fit!, "Instagram reels");
    expect(planned.fits).toBe(false);
    if (planned.fits || !planned.fixable) throw new Error("expected a fixable plan");
    expect(planned.reasons.join()).toContain("this video is 16:9; Instagram reels needs 9:16");
    const output = join(dir, "reel.mp4");
    const shares: number[] = [];
    await encodeVideo({
      source,
      output,
      plan: planned.plan as never,
      durationSeconds: 4,
      onProgress: (share) => shares.push(share),
    });
    const facts = await probe(output);
    expect(facts).toMatchObject({ videoCodec: "h264", audioCodec: "aac", width: 180, height: 320 });
    expect(facts.durationSeconds).toBeGreaterThan(3.8);
    expect(facts.durationSeconds).toBeLessThan(4.3);
    expect(shares.at(-1)).toBe(1);
    // The fitted copy passes the rules it was made for.
    const again = planFit(await factsOf(output), fit!, "Instagram reels");
    expect(again).toEqual({ fits: true });
  });

  it("crop mode fills a square frame, and a Short longer than 3 minutes is cut", async () => {
    const source = await testVideo("long.mp4", 160, 120, 2);
    const facts = { ...(await factsOf(source)), durationSeconds: 200 };
    const planned = planFit(
      facts,
      fitPolicyFor("youtube", { kind: "video", options: { shorts: true } })!,
      "YouTube Shorts",
      "crop",
    );
    if (planned.fits || !planned.fixable || planned.plan.kind !== "video") {
      throw new Error("expected a video plan");
    }
    expect(planned.plan).toMatchObject({ width: 90, height: 160, maxSeconds: 180, mode: "crop" });
    expect(planned.reasons.join()).toContain("takes up to 180 s");
  });

  it("X's size cap sets the bit rate; a video too long for any bit rate is refused", () => {
    const facts: SourceFacts = {
      kind: "video",
      mimeType: "video/webm",
      sizeBytes: 900 * 1024 * 1024,
      width: 1920,
      height: 1080,
      durationSeconds: 120,
      videoCodec: "vp9",
    };
    const x = planFit(facts, fitPolicyFor("x", { kind: "video" })!, "X");
    if (x.fits || !x.fixable || x.plan.kind !== "video") throw new Error("expected a plan");
    expect(x.plan).toMatchObject({ width: 1920, height: 1080 });
    const bytes = ((x.plan.videoKbps + x.plan.audioKbps) * 1000 * 120) / 8;
    expect(bytes).toBeLessThan(512 * 1024 * 1024);
    const tiny = planFit(
      { ...facts, durationSeconds: 12 * 3600 },
      {
        policy: {
          maxItems: 1,
          kinds: { video: { mimeTypes: ["video/mp4"], maxBytes: 10 * 1024 * 1024 } },
        },
      },
      "Somewhere",
    );
    expect(tiny).toMatchObject({ fits: false, fixable: false });
  });

  it("a video shorter than the network's minimum cannot be fitted", async () => {
    const planned = planFit(
      {
        kind: "video",
        mimeType: "video/mp4",
        sizeBytes: 1000,
        width: 1080,
        height: 1920,
        durationSeconds: 1,
      },
      fitPolicyFor("tiktok", { kind: "video" })!,
      "TikTok",
    );
    expect(planned).toMatchObject({ fits: false, fixable: false });
  });
});

describe("fitting an image to a network", () => {
  it("a tall PNG becomes a 4:5 JPEG for an Instagram feed post, under 8 MB", async () => {
    const png = await sharp({
      create: { width: 900, height: 1600, channels: 3, background: { r: 20, g: 120, b: 200 } },
    })
      .png()
      .toBuffer();
    const planned = planFit(
      { kind: "image", mimeType: "image/png", sizeBytes: png.length, width: 900, height: 1600 },
      fitPolicyFor("instagram", { kind: "image" })!,
      "Instagram",
    );
    if (planned.fits || !planned.fixable || planned.plan.kind !== "image") {
      throw new Error("expected an image plan");
    }
    expect(planned.plan).toMatchObject({ width: 900, height: 1125, mimeType: "image/jpeg" });
    const jpeg = await encodeImage(png, planned.plan);
    const meta = await sharp(jpeg).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 900, height: 1125 });
  });

  it("an image over the cap is re-encoded smaller until it fits", async () => {
    // Random pixels: nothing compresses them, so the PNG is far over the cap.
    const noise = randomBytes(1200 * 1200 * 3);
    const big = await sharp(noise, { raw: { width: 1200, height: 1200, channels: 3 } })
      .png()
      .toBuffer();
    const cap = 200 * 1024;
    const out = await encodeImage(big, {
      kind: "image",
      width: 1200,
      height: 1200,
      mode: "crop",
      mimeType: "image/jpeg",
      maxBytes: cap,
    });
    expect(out.length).toBeLessThanOrEqual(cap);
    expect(big.length).toBeGreaterThan(cap);
  });
});
