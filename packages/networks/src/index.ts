import { createBluesky } from "./bluesky/index.ts";
import { blueskyRules } from "./bluesky/rules.ts";
import { createFacebook } from "./facebook/index.ts";
import { facebookRules } from "./facebook/rules.ts";
import { createGoogleBusiness } from "./google-business/index.ts";
import { googleBusinessRules } from "./google-business/rules.ts";
import { createInstagram } from "./instagram/index.ts";
import { instagramRules } from "./instagram/rules.ts";
import type { NetworkRules } from "./kit/rules.ts";
import { createLinkedIn } from "./linkedin/index.ts";
import { linkedInRules } from "./linkedin/rules.ts";
import { createMastodon } from "./mastodon/index.ts";
import { mastodonRules } from "./mastodon/rules.ts";
import { createPinterest } from "./pinterest/index.ts";
import { pinterestRules } from "./pinterest/rules.ts";
import { createThreads } from "./threads/index.ts";
import { threadsRules } from "./threads/rules.ts";
import { createTikTok } from "./tiktok/index.ts";
import { tiktokRules } from "./tiktok/rules.ts";
import type { Network, NetworkConfig, NetworkId } from "./types.ts";
import { createX } from "./x/index.ts";
import { xRules } from "./x/rules.ts";
import { createYouTube } from "./youtube/index.ts";
import { youtubeRules } from "./youtube/rules.ts";

export { NetworkError, type NetworkErrorKind } from "./kit/error.ts";
export { newAuthorizationRequest, readCallback } from "./kit/oauth.ts";
export {
  checkOutboundUrl,
  configureOutbound,
  download,
  guardedFetch,
  isPublicAddress,
  OutboundError,
} from "./kit/outbound.ts";
export type {
  ContentDraft,
  DraftMedia,
  MediaKindPolicy,
  MediaPolicy,
  NetworkRules,
  RuleIssue,
} from "./kit/rules.ts";
export { type FitPolicy, fitPolicyFor, type MediaShape } from "./media-policy.ts";
export * from "./types.ts";

/** Every network Cadence can publish to: its adapter factory, configured per stage. */
export const networks: Partial<Record<NetworkId, (config: NetworkConfig) => Network>> = {
  x: createX,
  mastodon: createMastodon,
  bluesky: createBluesky,
  linkedin: createLinkedIn,
  facebook: createFacebook,
  instagram: createInstagram,
  threads: createThreads,
  tiktok: createTikTok,
  youtube: createYouTube,
  pinterest: createPinterest,
  "google-business": createGoogleBusiness,
};

/** Content rules per network, checked before a post can be scheduled. */
export const rules: Partial<Record<NetworkId, NetworkRules>> = {
  x: xRules,
  mastodon: mastodonRules,
  bluesky: blueskyRules,
  linkedin: linkedInRules,
  facebook: facebookRules,
  instagram: instagramRules,
  threads: threadsRules,
  tiktok: tiktokRules,
  youtube: youtubeRules,
  pinterest: pinterestRules,
  "google-business": googleBusinessRules,
};
