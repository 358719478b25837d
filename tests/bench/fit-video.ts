/**
 * `pnpm bench:fit-video`: fits a 60-second 1080p (1920×1080, 30 fps, with sound) video to an
 * Instagram Reel (9:16, H.264/AAC) with the media rendition step's own encoder, and prints the
 * wall time and the encoder's peak memory (VmHWM of the ffmpeg process, sampled from /proc).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitPolicyFor } from "@cadence/networks";
import { encodeVideo } from "../../packages/core/src/media/rendition-encode.ts";
import { planFit } from "../../packages/core/src/media/rendition-plan.ts";
import { ffmpegPath } from "../../packages/core/src/media/tools.ts";

const seconds = Number(process.env.FIT_SECONDS ?? 60);
const dir = mkdtempSync(join(tmpdir(), "bench-fit-"));
const source = join(dir, "source.mp4");
const output = join(dir, "reel.mp4");

execFileSync(await ffmpegPath(), [
  ...["-hide_banner", "-loglevel", "error", "-y"],
  ...["-f", "lavfi", "-i", `testsrc2=size=1920x1080:rate=30:duration=${seconds}`],
  ...["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
  ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", source],
]);

const planned = planFit(
  {
    kind: "video",
    mimeType: "video/mp4",
    sizeBytes: statSync(source).size,
    width: 1920,
    height: 1080,
    durationSeconds: seconds,
    videoCodec: "h264",
    frameRate: 30,
  },
  fitPolicyFor("instagram", { kind: "video" }) ?? { policy: { maxItems: 1, kinds: {} } },
  "Instagram reels",
);
if (planned.fits || !planned.fixable || planned.plan.kind !== "video") {
  throw new Error("expected a video plan");
}

/** The peak resident memory of this process's ffmpeg children, in kB, from /proc. */
function childPeakKb(): number {
  let peak = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!status.includes(`PPid:\t${process.pid}\n`)) continue;
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return peak;
}

let peakKb = 0;
const sampler = setInterval(() => {
  peakKb = Math.max(peakKb, childPeakKb());
}, 100);
const started = performance.now();
await encodeVideo({ source, output, plan: planned.plan, durationSeconds: seconds });
const elapsed = (performance.now() - started) / 1000;
clearInterval(sampler);

console.log(
  `fit ${seconds} s 1920x1080 → ${planned.plan.width}x${planned.plan.height} reel: ${elapsed.toFixed(1)} s wall (${(seconds / elapsed).toFixed(2)}× real time), ffmpeg peak RSS ${(peakKb / 1024).toFixed(0)} MB, node RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, output ${(statSync(output).size / 1048576).toFixed(1)} MB at ${planned.plan.videoKbps} kbit/s`,
);
rmSync(dir, { recursive: true, force: true });
