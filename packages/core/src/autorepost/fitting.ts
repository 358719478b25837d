import { fitPolicyFor, isNetworkId, type MediaShape } from "@cadence/networks";
import { ratioLabel } from "../media/rendition-plan.ts";

/** What a target's copy of a source video or image is fitted to, in words for the rule screen. */
export interface Fitting {
  video: string | null;
  image: string | null;
}

function describe(
  kind: "video" | "image",
  policy: NonNullable<ReturnType<typeof fitPolicyFor>>,
): string | null {
  const rule = policy.policy.kinds[kind];
  if (!rule || policy.policy.maxItems === 0) return null;
  const shape: MediaShape | undefined = policy.shape;
  const parts: string[] = [];
  if (shape) parts.push(shape.label);
  else if (rule.aspectRatio && rule.aspectRatio.max / rule.aspectRatio.min < 50) {
    parts.push(`${ratioLabel(rule.aspectRatio.min)} to ${ratioLabel(rule.aspectRatio.max)}`);
  }
  const seconds = Math.min(
    shape?.maxDurationSeconds ?? Number.POSITIVE_INFINITY,
    rule.maxDurationSeconds ?? Number.POSITIVE_INFINITY,
  );
  if (kind === "video" && Number.isFinite(seconds)) parts.push(`at most ${seconds} s`);
  if (kind === "video") parts.push("H.264/AAC MP4");
  parts.push(`up to ${Math.round(rule.maxBytes / 1_000_000)} MB`);
  return parts.join(", ");
}

/**
 * The rendition rules the media step fits a source file to for this target (the same
 * `fitPolicyFor` it asks), so the screen shows what each target gets before a post arrives.
 */
export function fittingFor(network: string, overrides: Record<string, unknown>): Fitting {
  if (!isNetworkId(network)) return { video: null, image: null };
  const video = fitPolicyFor(network, { kind: "video", options: overrides });
  const image = fitPolicyFor(network, { kind: "image", options: overrides });
  return {
    video: video ? describe("video", video) : null,
    image: image ? describe("image", image) : null,
  };
}
