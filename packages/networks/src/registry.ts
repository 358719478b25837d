import { blueskyNetwork } from "./bluesky/description.ts";
import type { NetworkDescription } from "./description.ts";
import { facebookNetwork } from "./facebook/description.ts";
import { googleBusinessNetwork } from "./google-business/description.ts";
import { instagramNetwork } from "./instagram/description.ts";
import { linkedInNetwork } from "./linkedin/description.ts";
import { mastodonNetwork } from "./mastodon/description.ts";
import { pinterestNetwork } from "./pinterest/description.ts";
import { threadsNetwork } from "./threads/description.ts";
import { tiktokNetwork } from "./tiktok/description.ts";
import { xNetwork } from "./x/description.ts";
import { youtubeNetwork } from "./youtube/description.ts";

/**
 * Every network Cadence publishes to, in the order people see them. The one list of network
 * ids: the `NetworkId` type, the API's zod enums and the sandbox's list derive from it.
 */
export const networkIds = [
  "x",
  "linkedin",
  "facebook",
  "instagram",
  "threads",
  "tiktok",
  "youtube",
  "pinterest",
  "bluesky",
  "mastodon",
  "google-business",
] as const;
export type NetworkId = (typeof networkIds)[number];

/**
 * Each network's description, complete: a network in `networkIds` without an entry here (or an
 * entry for an id not in the list) fails the type check. Pacing, validation, autorepost sources,
 * connecting and `GET /networks` all read from here.
 */
export const registry: Record<NetworkId, NetworkDescription> = {
  x: xNetwork,
  linkedin: linkedInNetwork,
  facebook: facebookNetwork,
  instagram: instagramNetwork,
  threads: threadsNetwork,
  tiktok: tiktokNetwork,
  youtube: youtubeNetwork,
  pinterest: pinterestNetwork,
  bluesky: blueskyNetwork,
  mastodon: mastodonNetwork,
  "google-business": googleBusinessNetwork,
};

export function isNetworkId(value: string): value is NetworkId {
  return Object.hasOwn(registry, value);
}

/** The description of a network id already checked with `isNetworkId`. */
export function describeNetwork(id: NetworkId): NetworkDescription {
  return registry[id];
}
