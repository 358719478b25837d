import { createBluesky } from "./bluesky/index.ts";
import { blueskyRules } from "./bluesky/rules.ts";
import type { NetworkRules } from "./kit/rules.ts";
import { createMastodon } from "./mastodon/index.ts";
import { mastodonRules } from "./mastodon/rules.ts";
import type { Network, NetworkConfig, NetworkId } from "./types.ts";
import { createX } from "./x/index.ts";
import { xRules } from "./x/rules.ts";

export { NetworkError, type NetworkErrorKind } from "./kit/error.ts";
export { newAuthorizationRequest, readCallback } from "./kit/oauth.ts";
export type { ContentDraft, DraftMedia, NetworkRules, RuleIssue } from "./kit/rules.ts";
export * from "./types.ts";

/** Every network Cadence can publish to: its adapter factory, configured per stage. */
export const networks: Partial<Record<NetworkId, (config: NetworkConfig) => Network>> = {
  x: createX,
  mastodon: createMastodon,
  bluesky: createBluesky,
};

/** Content rules per network, checked before a post can be scheduled. */
export const rules: Partial<Record<NetworkId, NetworkRules>> = {
  x: xRules,
  mastodon: mastodonRules,
  bluesky: blueskyRules,
};
