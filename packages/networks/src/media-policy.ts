import { blueskyMediaPolicy } from "./bluesky/rules.ts";
import { facebookMediaPolicy } from "./facebook/rules.ts";
import { googleBusinessMediaPolicy } from "./google-business/rules.ts";
import { instagramMediaPolicies, instagramPostType } from "./instagram/rules.ts";
import type { MediaPolicy } from "./kit/rules.ts";
import { linkedInMediaPolicy } from "./linkedin/rules.ts";
import { mastodonMediaPolicy } from "./mastodon/rules.ts";
import { pinterestMediaPolicy } from "./pinterest/rules.ts";
import { threadsMediaPolicy } from "./threads/rules.ts";
import { tiktokMediaPolicy } from "./tiktok/rules.ts";
import type { NetworkId } from "./types.ts";
import { xMediaPolicy } from "./x/rules.ts";
import { youtubeLimits, youtubeMediaPolicy } from "./youtube/rules.ts";

/**
 * The shape a format is made for, beyond what the network merely accepts: Reels, Stories, Shorts
 * and TikTok fill a phone screen (9:16); Shorts are at most 3 minutes.
 */
export interface MediaShape {
  /** width / height the format is made for. */
  ratio: number;
  label: string;
  /** The longest a video of this format may run, when shorter than the network's own cap. */
  maxDurationSeconds?: number;
}

export interface FitPolicy {
  policy: MediaPolicy;
  shape?: MediaShape;
  /** The shortest side a video may have (TikTok: 360 px, checked in tiktok/rules.ts). */
  minVideoSide?: number;
}

const vertical: MediaShape = { ratio: 9 / 16, label: "9:16" };

/**
 * What one network (and post type) takes, read from where each network keeps its rules: the one
 * place the media rendition step asks, so moving the rules elsewhere changes only this function.
 * `kind` picks the post type a network derives from the media (an Instagram video is a reel).
 */
export function fitPolicyFor(
  network: NetworkId,
  input: { kind: "image" | "video"; options?: Record<string, unknown> },
): FitPolicy | undefined {
  const options = input.options ?? {};
  switch (network) {
    case "instagram": {
      const type = instagramPostType({
        media: [{ mimeType: input.kind === "video" ? "video/mp4" : "image/jpeg" }],
        options,
      });
      if (!type) return undefined;
      const policy = instagramMediaPolicies[type];
      return type === "reel" || type === "story" ? { policy, shape: vertical } : { policy };
    }
    case "youtube":
      return options.shorts === true
        ? {
            policy: youtubeMediaPolicy,
            shape: { ...vertical, maxDurationSeconds: youtubeLimits.shortsSeconds },
          }
        : { policy: youtubeMediaPolicy };
    case "tiktok":
      return input.kind === "video"
        ? { policy: tiktokMediaPolicy, shape: vertical, minVideoSide: 360 }
        : { policy: tiktokMediaPolicy };
    case "x":
      return { policy: xMediaPolicy };
    case "mastodon":
      return { policy: mastodonMediaPolicy };
    case "bluesky":
      return { policy: blueskyMediaPolicy };
    case "linkedin":
      return { policy: linkedInMediaPolicy };
    case "facebook":
      return { policy: facebookMediaPolicy };
    case "threads":
      return { policy: threadsMediaPolicy };
    case "pinterest":
      return { policy: pinterestMediaPolicy };
    case "google-business":
      return { policy: googleBusinessMediaPolicy };
    default:
      return undefined;
  }
}
