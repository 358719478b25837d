import type { MediaPolicy, NetworkRules } from "./kit/rules.ts";
import { type AdapterFactory, lazyNetwork } from "./lazy.ts";
import type { Network, NetworkConfig, NetworkId } from "./types.ts";

/** A posting budget the network publishes: at most `max` posts per `windowSeconds`. */
export interface Budget {
  windowSeconds: number;
  max: number;
}

/**
 * How a network counts a post's text, named so the site can count the same way while a person
 * types without shipping the rules (and twitter-text) to the browser.
 */
export const textCountings = [
  /** X: twitter-text's weighted length (links 23, CJK and emoji 2). */
  "weighted",
  /** User-perceived characters: a flag or a family emoji is one. */
  "graphemes",
  /** Mastodon: graphemes, every http(s) link 23, a remote mention only its "@user". */
  "graphemes_links_23",
  /** Threads: graphemes, each emoji counted as its UTF-8 bytes. */
  "emoji_bytes",
  "utf8_bytes",
  "utf16_units",
  "code_points",
] as const;
export type TextCounting = (typeof textCountings)[number];

/** Per-network settings the composer offers beside the text (each validated by the rules). */
export const composerOptions = [
  "title",
  "privacy",
  "shorts",
  "boardId",
  "link",
  "linkCard",
  "postType",
] as const;
export type ComposerOption = (typeof composerOptions)[number];

/** What a network can do through Cadence; the registry test checks each against the adapter. */
export const capabilityNames = [
  "threads",
  "firstComment",
  "video",
  "metrics",
  "accountMetrics",
  "webhooks",
  "autorepostSource",
  "reconcile",
] as const;

export interface NetworkCapabilities {
  /** Replies that continue a post. */
  threads: boolean;
  /** A comment Cadence adds under the post once it is out. */
  firstComment: boolean;
  video: boolean;
  /** Per-post figures (every network reads some). */
  metrics: boolean;
  /** Followers, following and post counts of the account. */
  accountMetrics: boolean;
  /** The network calls Cadence back (deauthorisation, deletions, comments). */
  webhooks: boolean;
  /** Its accounts can be an autorepost rule's source: the adapter lists recent posts. */
  autorepostSource: boolean;
  /** A post whose result was lost can be looked up on the network instead of marked for review. */
  reconcile: boolean;
}

export interface NetworkDescription {
  id: NetworkId;
  displayName: string;
  /** The network's brand colour, "#rrggbb", for badges and charts. */
  color: string;
  connect: {
    /** OAuth with PKCE through the network's authorize page, or a handle and app password. */
    method: "oauth" | "app_password";
    /** Whether the person names the server their account is on (federated networks, own PDS). */
    server: "none" | "optional" | "required";
  };
  /**
   * The adapter, configured per stage. Its code (lazy.ts) loads on the first call that needs
   * it, so describing a network costs no adapter.
   */
  create(config: NetworkConfig): Network;
  /** The adapter's module: the network's one dynamic import. */
  load(): Promise<AdapterFactory>;
  /** Checked before a post can be scheduled. */
  rules: NetworkRules;
  text: { counting: TextCounting; unit: string };
  /** Media accepted per kind of post ("post" where the network has one kind). */
  media: Record<string, MediaPolicy>;
  options: readonly ComposerOption[];
  /** Posting limits per account and per app; a target over budget waits, it does not fail. */
  pacing: { perAccount: Budget; perApp?: Budget };
  capabilities: NetworkCapabilities;
  /**
   * Federated networks register Cadence on each server the first time someone connects from
   * it; the API caches the result per server.
   */
  registerApp?(
    config: NetworkConfig,
    server: string,
  ): Promise<{ clientId: string; clientSecret: string }>;
}

/** A description as a network folder writes it: what differs from the usual, and what it can do. */
export interface DescriptionParts
  extends Pick<NetworkDescription, "color" | "load" | "rules" | "media" | "registerApp"> {
  /** OAuth without a server by default. */
  connect?: NetworkDescription["connect"];
  counting: TextCounting;
  /** "characters" by default. */
  unit?: string;
  options?: readonly ComposerOption[];
  perAccount: Budget;
  perApp?: Budget;
  /**
   * The capabilities it has; the others are false. Video follows from `media`, and every
   * network reads metrics (the adapter must).
   */
  can: readonly Exclude<(typeof capabilityNames)[number], "video" | "metrics">[];
  /** What the adapter can do with an account's tokens besides using them; neither by default. */
  tokens?: readonly ("refresh" | "revoke")[];
}

export function defineNetwork(
  owner: { network: NetworkId; displayName: string },
  parts: DescriptionParts,
): NetworkDescription {
  const { connect, counting, unit, options, perAccount, perApp, can, tokens, ...rest } = parts;
  const connectBy = connect ?? { method: "oauth", server: "none" };
  return {
    ...rest,
    create: lazyNetwork(
      {
        ...owner,
        method: connectBy.method,
        tokens: tokens ?? [],
        findPost: can.includes("reconcile"),
        recentPosts: can.includes("autorepostSource"),
        accountMetrics: can.includes("accountMetrics"),
        webhook: can.includes("webhooks"),
      },
      parts.load,
    ),
    id: owner.network,
    displayName: owner.displayName,
    connect: connectBy,
    text: { counting, unit: unit ?? "characters" },
    options: options ?? [],
    pacing: perApp ? { perAccount, perApp } : { perAccount },
    capabilities: {
      ...(Object.fromEntries(
        capabilityNames.map((name) => [name, (can as readonly string[]).includes(name)]),
      ) as Record<(typeof capabilityNames)[number], boolean>),
      video: Object.values(parts.media).some((policy) => policy.kinds.video !== undefined),
      metrics: true,
    },
  };
}
