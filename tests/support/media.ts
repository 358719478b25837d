import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiResponse, call, type Person } from "./api.ts";
import { finished, type JobBody } from "./jobs.ts";

// The same ffmpeg and ffprobe the media module runs, resolved from packages/core.
const fromCore = createRequire(new URL("../../packages/core/package.json", import.meta.url));
const ffmpeg = (fromCore("@ffmpeg-installer/ffmpeg") as { path: string }).path;
const ffprobe = (fromCore("@ffprobe-installer/ffprobe") as { path: string }).path;

export interface MediaBody {
  id: string;
  name: string;
  kind: "image" | "video";
  state: string;
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  probe: Record<string, unknown>;
  url: string | null;
}

const dir = mkdtempSync(join(tmpdir(), "cadence-test-media-"));

/** A small H.264/AAC MP4 from ffmpeg's test pattern and a sine tone. */
export function testVideo(width: number, height: number, seconds: number): Buffer {
  const path = join(dir, `${width}x${height}-${seconds}.mp4`);
  execFileSync(ffmpeg, [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...["-f", "lavfi", "-i", `testsrc=size=${width}x${height}:rate=25:duration=${seconds}`],
    ...["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path],
  ]);
  return readFileSync(path);
}

/** What ffprobe reads from a file at a URL: the first video and audio streams and the length. */
export function probeUrl(url: string) {
  const output = JSON.parse(
    execFileSync(ffprobe, [
      ...["-v", "error", "-print_format", "json", "-show_format", "-show_streams", url],
    ]).toString("utf8"),
  ) as {
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
    format: { duration: string; format_name: string };
  };
  const video = output.streams.find((s) => s.codec_type === "video");
  const audio = output.streams.find((s) => s.codec_type === "audio");
  return {
    videoCodec: video?.codec_name,
    audioCodec: audio?.codec_name,
    width: video?.width,
    height: video?.height,
    durationSeconds: Number(output.format.duration),
    container: output.format.format_name,
  };
}

/** Starts, sends and completes one upload as a browser does; a video waits for its job. */
export async function uploadMedia(
  person: Person,
  file: { name: string; type: string; bytes: Buffer },
): Promise<MediaBody> {
  const base = `/workspaces/${person.workspaceId}/media`;
  const started = await call<{
    media: MediaBody;
    upload: { url: string; fields: Record<string, string> };
  }>("POST", `${base}/uploads`, {
    token: person.accessToken,
    body: { fileName: file.name, contentType: file.type, sizeBytes: file.bytes.length },
  });
  if (started.status !== 201) throw new Error(`upload start: ${started.status} ${started.text}`);
  const form = new FormData();
  for (const [name, value] of Object.entries(started.body.upload.fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const sent = await fetch(started.body.upload.url, { method: "POST", body: form });
  if (sent.status >= 300) throw new Error(`upload: ${sent.status} ${await sent.text()}`);
  const completed = await call<MediaBody>("POST", `${base}/${started.body.media.id}/complete`, {
    token: person.accessToken,
  });
  if (completed.status === 200) return completed.body;
  const job = await finished(completed as unknown as ApiResponse<JobBody>, person.accessToken);
  if (job.state !== "succeeded") throw new Error(`media job: ${JSON.stringify(job.error)}`);
  return (job.result as { media: MediaBody }).media;
}
