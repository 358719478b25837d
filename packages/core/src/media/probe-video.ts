import { webpThumbnail } from "./probe-image.ts";
import { ffmpegPath, ffprobePath, runTool } from "./tools.ts";

/** What ffprobe reads from a video, as the networks' rules need it. */
export interface VideoFacts {
  /** "mp4", "mov", "webm": the container recognised from the bytes. */
  format: string;
  videoCodec: string;
  audioCodec?: string;
  /** As displayed, after the rotation is applied. */
  width: number;
  height: number;
  durationSeconds: number;
  frameRate?: number;
  /** Bits per second over the whole file. */
  bitRate?: number;
  /** Clockwise degrees the player turns the picture: 0, 90, 180 or 270. */
  rotation: number;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  bit_rate?: string;
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
  disposition?: { attached_pic?: number };
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string; bit_rate?: string; size?: string };
}

function rate(fraction: string | undefined): number | undefined {
  const [numerator, denominator] = (fraction ?? "").split("/").map(Number);
  if (!numerator || !denominator) return undefined;
  return Math.round((numerator / denominator) * 1000) / 1000;
}

function positive(value: string | undefined): number | undefined {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/**
 * The facts from `ffprobe -show_format -show_streams` JSON. Throws when there is no video
 * stream or no duration: such a file cannot be posted as a video anywhere.
 */
export function videoFactsFrom(output: FfprobeOutput, container: string): VideoFacts {
  const streams = output.streams ?? [];
  // Cover art in an MP4 is a "video" stream too; the picture is the real one.
  const video = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  if (!video?.codec_name || !video.width || !video.height) {
    throw new Error("the file has no video stream");
  }
  const audio = streams.find((s) => s.codec_type === "audio");
  const durationSeconds = positive(output.format?.duration) ?? positive(video.duration);
  if (!durationSeconds) throw new Error("the video has no duration");
  // Older muxers write a `rotate` tag; newer ffprobe reports a display matrix (counter-clockwise).
  const matrix = video.side_data_list?.find((d) => typeof d.rotation === "number")?.rotation;
  const degrees = video.tags?.rotate !== undefined ? Number(video.tags.rotate) : -(matrix ?? 0);
  const rotation = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  const turned = rotation === 90 || rotation === 270;
  const frameRate = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate);
  const bitRate = positive(output.format?.bit_rate) ?? positive(video.bit_rate);
  return {
    format: container,
    videoCodec: video.codec_name,
    ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}),
    width: turned ? video.height : video.width,
    height: turned ? video.width : video.height,
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    ...(frameRate ? { frameRate } : {}),
    ...(bitRate ? { bitRate: Math.round(bitRate) } : {}),
    rotation,
  };
}

/**
 * Probes a video where it lies: ffprobe reads the URL with range requests, so a large file is
 * never downloaded whole.
 */
export async function probeVideo(url: string, container: string): Promise<VideoFacts> {
  const output = await runTool(
    await ffprobePath(),
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", url],
    { timeoutMs: 15_000, maxOutputBytes: 1024 * 1024 },
  );
  return videoFactsFrom(JSON.parse(output.toString("utf8")) as FfprobeOutput, container);
}

/** A WebP thumbnail from the frame at one second (or the middle of a shorter video). */
export async function videoThumbnail(url: string, durationSeconds: number): Promise<Buffer> {
  const at = Math.min(1, durationSeconds / 2).toFixed(3);
  const frame = await runTool(
    await ffmpegPath(),
    [
      ...["-hide_banner", "-loglevel", "error", "-ss", at, "-i", url],
      ...["-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"],
    ],
    { timeoutMs: 15_000, maxOutputBytes: 64 * 1024 * 1024 },
  );
  if (frame.length === 0) throw new Error("ffmpeg gave no frame");
  return webpThumbnail(frame);
}
