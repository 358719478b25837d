import type { FitPolicy, MediaKindPolicy } from "@cadence/networks";

/**
 * Decides whether a file fits a network's rules as it is, and if not, what fitted copy to make:
 * pure arithmetic over the probe facts, so the decision is the same in the composer's answer,
 * the autorepost run and the job that makes the copy.
 */

export interface SourceFacts {
  kind: "image" | "video";
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  videoCodec?: string;
  audioCodec?: string;
  frameRate?: number;
}

/** "pad" keeps the whole picture (bars fill the rest); "crop" fills the frame and cuts edges. */
export type FitMode = "pad" | "crop";

export interface VideoPlan {
  kind: "video";
  width: number;
  height: number;
  mode: FitMode;
  /** Cut the video at this length. */
  maxSeconds?: number;
  videoKbps: number;
  audioKbps: number;
  maxFrameRate: number;
}

export interface ImagePlan {
  kind: "image";
  width: number;
  height: number;
  mode: FitMode;
  mimeType: "image/jpeg" | "image/png" | "image/webp";
  maxBytes: number;
}

export type FitPlan =
  | { fits: true }
  | { fits: false; fixable: false; reasons: string[] }
  | { fits: false; fixable: true; reasons: string[]; plan: VideoPlan | ImagePlan };

/** The longest side of a fitted video: 1080p, what every network's own apps publish. */
export const maxVideoSide = 1920;
const audioKbps = 128;
const maxFrameRate = 60;
/** Room left in a size cap for the container and the encoder overshooting its target. */
const sizeHeadroom = 0.9;
/** Ratios this close count as the same shape (a 1080×1918 phone export is 9:16). */
const ratioTolerance = 0.02;
/** Below this a picture is too degraded to be worth posting. */
const minVideoKbps = 150;

export function ratioLabel(ratio: number): string {
  const known: [number, string][] = [
    [9 / 16, "9:16"],
    [4 / 5, "4:5"],
    [1, "1:1"],
    [16 / 9, "16:9"],
    [1.91, "1.91:1"],
    [4 / 3, "4:3"],
    [3 / 4, "3:4"],
  ];
  const match = known.find(([value]) => Math.abs(value - ratio) / value < ratioTolerance);
  return match ? match[1] : `${Math.round(ratio * 100) / 100}:1`;
}

const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);

/** The aspect ratio a fitted copy takes: the format's shape, else the nearest allowed ratio. */
function targetRatio(
  ratio: number,
  rule: MediaKindPolicy,
  fit: FitPolicy,
): { ratio: number; why?: string } {
  if (fit.shape && Math.abs(ratio - fit.shape.ratio) / fit.shape.ratio > ratioTolerance) {
    return { ratio: fit.shape.ratio, why: `needs ${fit.shape.label}` };
  }
  const range = rule.aspectRatio;
  if (range && (ratio < range.min || ratio > range.max)) {
    const clamped = Math.min(range.max, Math.max(range.min, ratio));
    return { ratio: clamped, why: `takes ${ratioLabel(range.min)} to ${ratioLabel(range.max)}` };
  }
  return { ratio };
}

/** Width and height of a frame of `ratio` whose longest side is at most `longest`. */
function frameOf(ratio: number, longest: number): { width: number; height: number } {
  return ratio < 1
    ? { width: even(longest * ratio), height: even(longest) }
    : { width: even(longest), height: even(longest / ratio) };
}

export function planVideo(
  facts: SourceFacts,
  fit: FitPolicy,
  owner: string,
  mode: FitMode,
): FitPlan {
  const rule = fit.policy.kinds.video;
  if (!rule) return { fits: false, fixable: false, reasons: [`${owner} does not take videos`] };
  const width = facts.width ?? 0;
  const height = facts.height ?? 0;
  const duration = facts.durationSeconds ?? 0;
  if (!width || !height || !duration) {
    return { fits: false, fixable: false, reasons: ["the video's size or length is unknown"] };
  }
  const reasons: string[] = [];
  if (rule.minDurationSeconds !== undefined && duration < rule.minDurationSeconds) {
    return {
      fits: false,
      fixable: false,
      reasons: [
        `${owner} needs videos of at least ${rule.minDurationSeconds} s; this one is ${duration} s`,
      ],
    };
  }
  const ratio = width / height;
  const target = targetRatio(ratio, rule, fit);
  if (target.why) {
    reasons.push(`this video is ${ratioLabel(ratio)}; ${owner} ${target.why}`);
  }
  const longest = Math.min(
    fit.shape?.maxDurationSeconds ?? Number.POSITIVE_INFINITY,
    rule.maxDurationSeconds ?? Number.POSITIVE_INFINITY,
  );
  if (duration > longest) {
    reasons.push(`this video runs ${duration} s; ${owner} takes up to ${longest} s`);
  }
  if (!rule.mimeTypes.includes(facts.mimeType)) {
    reasons.push(`${owner} does not take ${facts.mimeType} files`);
  }
  const codec = facts.videoCodec?.toLowerCase();
  if (rule.codecs && codec && !rule.codecs.includes(codec)) {
    reasons.push(`${owner} takes ${rule.codecs.join(" or ")} video; this one is ${codec}`);
  }
  if (facts.sizeBytes > rule.maxBytes) {
    reasons.push(`this video is larger than ${owner}'s size cap`);
  }
  const minSide = fit.minVideoSide ?? 0;
  if (Math.min(width, height) < minSide) {
    reasons.push(
      `this video is ${width}×${height}; ${owner} needs at least ${minSide} pixels a side`,
    );
  }
  if ((facts.frameRate ?? 0) > maxFrameRate) {
    reasons.push(`this video runs at ${facts.frameRate} frames a second; networks take up to 60`);
  }
  if (reasons.length === 0) return { fits: true };

  const seconds = Math.min(duration, longest);
  // Never larger than the source (or 1080p), unless the network's minimum side asks for it.
  const shortSide = target.ratio < 1 ? target.ratio : 1 / target.ratio;
  const frame = frameOf(
    target.ratio,
    Math.min(maxVideoSide, Math.max(width, height, Math.ceil(minSide / shortSide))),
  );
  // Roughly 6 Mbit/s for 1080p, scaled by the frame's area: the networks re-encode anyway.
  const qualityKbps = Math.max(
    minVideoKbps * 4,
    Math.round((6000 * frame.width * frame.height) / (1080 * 1920)),
  );
  const budgetKbps = Math.floor((rule.maxBytes * 8 * sizeHeadroom) / seconds / 1000) - audioKbps;
  if (budgetKbps < minVideoKbps) {
    return {
      fits: false,
      fixable: false,
      reasons: [...reasons, `${seconds} s cannot fit ${owner}'s size cap at a watchable quality`],
    };
  }
  return {
    fits: false,
    fixable: true,
    reasons,
    plan: {
      kind: "video",
      ...frame,
      mode,
      ...(duration > longest ? { maxSeconds: longest } : {}),
      videoKbps: Math.min(qualityKbps, budgetKbps),
      audioKbps,
      maxFrameRate,
    },
  };
}

const imageOutputs = ["image/jpeg", "image/webp", "image/png"] as const;

export function planImage(
  facts: SourceFacts,
  fit: FitPolicy,
  owner: string,
  mode: FitMode,
): FitPlan {
  const animated = facts.mimeType === "image/gif" && fit.policy.kinds.gif;
  const rule = animated ? fit.policy.kinds.gif : fit.policy.kinds.image;
  if (!rule) return { fits: false, fixable: false, reasons: [`${owner} does not take images`] };
  const width = facts.width ?? 0;
  const height = facts.height ?? 0;
  if (!width || !height) {
    return { fits: false, fixable: false, reasons: ["the image's size is unknown"] };
  }
  const reasons: string[] = [];
  const ratio = width / height;
  const target = targetRatio(ratio, rule, fit);
  if (target.why) reasons.push(`this image is ${ratioLabel(ratio)}; ${owner} ${target.why}`);
  const typeAccepted = rule.mimeTypes.includes(facts.mimeType);
  if (!typeAccepted) reasons.push(`${owner} does not take ${facts.mimeType} images`);
  if (facts.sizeBytes > rule.maxBytes) reasons.push(`this image is larger than ${owner}'s cap`);
  if (reasons.length === 0) return { fits: true };

  // An animated GIF that must change loses its animation: only its first frame is kept.
  const kept = imageOutputs.find((type) => type === facts.mimeType && typeAccepted);
  const mimeType = kept ?? imageOutputs.find((type) => rule.mimeTypes.includes(type));
  if (!mimeType) {
    return {
      fits: false,
      fixable: false,
      reasons: [...reasons, `${owner} takes no image format Cadence can write`],
    };
  }
  // Cropping never enlarges: the frame is the largest of the target ratio inside the source.
  const frame =
    target.ratio === ratio
      ? { width, height }
      : mode === "crop"
        ? target.ratio < ratio
          ? { width: Math.round(height * target.ratio), height }
          : { width, height: Math.round(width / target.ratio) }
        : frameOf(target.ratio, Math.max(width, height));
  return {
    fits: false,
    fixable: true,
    reasons,
    plan: { kind: "image", ...frame, mode, mimeType, maxBytes: rule.maxBytes },
  };
}

export function planFit(facts: SourceFacts, fit: FitPolicy, owner: string, mode?: FitMode) {
  return facts.kind === "video"
    ? planVideo(facts, fit, owner, mode ?? "pad")
    : planImage(facts, fit, owner, mode ?? "crop");
}
