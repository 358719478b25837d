import type { ImagePlan, VideoPlan } from "./rendition-plan.ts";
import { ffmpegPath, runTool } from "./tools.ts";

/** A fitted video of up to 15 minutes at 1080p takes minutes on a Lambda core; never longer. */
const encodeTimeoutMs = 14 * 60_000;

/** The ffmpeg filter that brings any frame to the plan's size, without stretching it. */
export function videoFilter(plan: VideoPlan, sourceFrameRate?: number): string {
  const { width, height } = plan;
  const steps =
    plan.mode === "crop"
      ? [`scale=${width}:${height}:force_original_aspect_ratio=increase`, `crop=${width}:${height}`]
      : [
          `scale=${width}:${height}:force_original_aspect_ratio=decrease`,
          `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black`,
        ];
  steps.push("setsar=1");
  if ((sourceFrameRate ?? 0) > plan.maxFrameRate) steps.push(`fps=${plan.maxFrameRate}`);
  return steps.join(",");
}

/**
 * Encodes `input` (a path or a presigned URL ffmpeg reads with range requests) to an H.264/AAC
 * MP4 at `output`: scaled and padded or cropped to the plan's frame, cut at its length, at a
 * bit rate that keeps it under the network's size cap. `onProgress` gets the share done (0–1).
 */
export async function encodeVideo(input: {
  source: string;
  output: string;
  plan: VideoPlan;
  durationSeconds: number;
  sourceFrameRate?: number;
  onProgress?: (share: number) => void;
}): Promise<void> {
  const { plan } = input;
  const seconds = Math.min(input.durationSeconds, plan.maxSeconds ?? Number.POSITIVE_INFINITY);
  let pending = "";
  const onStdout = (chunk: Buffer) => {
    // `-progress` writes key=value lines; out_time_us is how far the output has got.
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const match = /^out_time_(?:us|ms)=(\d+)/.exec(line);
      if (match && seconds > 0) {
        input.onProgress?.(Math.min(1, Number(match[1]) / 1_000_000 / seconds));
      }
    }
  };
  const rate = plan.videoKbps;
  await runTool(
    await ffmpegPath(),
    [
      ...["-hide_banner", "-loglevel", "error", "-nostats", "-y", "-i", input.source],
      ...(plan.maxSeconds !== undefined ? ["-t", String(plan.maxSeconds)] : []),
      ...["-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn", "-map_metadata", "-1"],
      ...["-vf", videoFilter(plan, input.sourceFrameRate)],
      ...["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p"],
      ...["-b:v", `${rate}k`, "-maxrate", `${rate}k`, "-bufsize", `${rate * 2}k`],
      ...["-c:a", "aac", "-b:a", `${plan.audioKbps}k`, "-ac", "2", "-ar", "48000"],
      ...["-movflags", "+faststart", "-progress", "pipe:1", input.output],
    ],
    { timeoutMs: encodeTimeoutMs, maxOutputBytes: 16 * 1024 * 1024, onStdout },
  );
  input.onProgress?.(1);
}

/**
 * Fits an image: upright, cropped (around its most interesting part) or padded with white to
 * the plan's frame, re-encoded to the accepted format, then made smaller in quality and, if
 * needed, size until it is under the network's cap.
 */
export async function encodeImage(bytes: Buffer, plan: ImagePlan): Promise<Buffer> {
  const sharp = (await import("sharp")).default;
  let scale = 1;
  let quality = 90;
  for (let attempt = 0; attempt < 12; attempt++) {
    const width = Math.max(1, Math.round(plan.width * scale));
    const height = Math.max(1, Math.round(plan.height * scale));
    const image = sharp(bytes, { animated: false })
      .autoOrient()
      .resize({
        width,
        height,
        fit: plan.mode === "crop" ? "cover" : "contain",
        position: plan.mode === "crop" ? "attention" : "centre",
        background: { r: 255, g: 255, b: 255, alpha: 1 },
      });
    const encoded =
      plan.mimeType === "image/png"
        ? image.png({ compressionLevel: 9 })
        : plan.mimeType === "image/webp"
          ? image.webp({ quality })
          : image.flatten({ background: "#ffffff" }).jpeg({ quality, mozjpeg: true });
    const output = await encoded.toBuffer();
    if (output.length <= plan.maxBytes) return output;
    // Quality first (cheap to lose), then pixels.
    if (quality > 60 && plan.mimeType !== "image/png") quality -= 10;
    else scale *= 0.8;
  }
  throw new Error("the image would not fit the size cap");
}
