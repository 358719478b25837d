export type {
  Budget,
  ComposerOption,
  NetworkCapabilities,
  NetworkDescription,
  TextCounting,
} from "./description.ts";
export { composerOptions, textCountings } from "./description.ts";
export { NetworkError, type NetworkErrorKind } from "./kit/error.ts";
export { newAuthorizationRequest, readCallback } from "./kit/oauth.ts";
export {
  checkOutboundUrl,
  configureOutbound,
  download,
  guardedFetch,
  isPublicAddress,
  OutboundError,
  readCapped,
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
export { describeNetwork, isNetworkId, networkIds, registry } from "./registry.ts";
export * from "./types.ts";
