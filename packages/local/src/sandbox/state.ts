import { createHash, randomBytes } from "node:crypto";
import { type NetworkId, networkIds } from "@cadence/networks";

/** The sandbox keeps accounts, posts and faults for every network the registry lists. */
export const sandboxNetworks = networkIds;
export type SandboxNetwork = NetworkId;

export interface SandboxAccount {
  network: SandboxNetwork;
  id: string;
  handle: string;
  displayName: string;
  /** Bluesky app password; the first sign-in sets it. */
  password?: string;
  /** On the sandbox clock: followers grow from here. */
  createdAt: number;
}

/** Account figures a test pinned (POST /_sandbox/figures); absent ones keep growing. */
export interface PinnedAccountFigures {
  followers?: number;
  following?: number;
  posts?: number;
}

/** The figures the sandbox keeps per post; networks map them to their own names. */
export const sandboxPostFigures = [
  "impressions",
  "likes",
  "reposts",
  "quotes",
  "replies",
  "bookmarks",
  "linkClicks",
] as const;
export type SandboxPostFigures = Record<(typeof sandboxPostFigures)[number], number>;
/** Post figures a test pinned (POST /_sandbox/figures). */
export type PinnedPostFigures = Partial<SandboxPostFigures>;

export interface SandboxMedia {
  id: string;
  network: SandboxNetwork;
  account: string;
  mimeType: string;
  bytes: Uint8Array;
  /** Bytes expected when uploaded in chunks (X). */
  totalBytes?: number;
  altText?: string;
  /** Status polls left before processing finishes (slow_media). */
  pendingPolls: number;
  createdAt: number;
  /** Network-specific upload state: TikTok's post info, YouTube's video resource, … */
  extra?: Record<string, unknown>;
}

export interface SandboxPost {
  network: SandboxNetwork;
  id: string;
  accountId: string;
  handle: string;
  text: string;
  createdAt: number;
  replyTo?: string;
  media: { id: string; mimeType: string; altText?: string }[];
  /** Network-specific extras: Bluesky facets, embed, uri and cid; Mastodon visibility. */
  extra: Record<string, unknown>;
}

export interface SandboxToken {
  network: SandboxNetwork;
  accountId: string;
  clientId: string;
  scopes: string[];
  kind: "access" | "refresh";
  expiresAt?: number;
  revoked: boolean;
}

export interface AuthorizationCode {
  network: SandboxNetwork;
  accountId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  used: boolean;
  /** Authorize parameters a network keeps with the code (Google's access_type). */
  extra?: Record<string, string>;
}

/**
 * Everything the sandbox networks remember, in memory: accounts, tokens, codes, posts, media,
 * registered apps, idempotency keys, and a clock tests can move forward so metrics grow.
 */
export class SandboxState {
  accounts = new Map<string, SandboxAccount>();
  tokens = new Map<string, SandboxToken>();
  codes = new Map<string, AuthorizationCode>();
  posts: SandboxPost[] = [];
  media = new Map<string, SandboxMedia>();
  apps = new Map<
    string,
    { network: SandboxNetwork; clientSecret: string; redirectUris: string[]; scopes: string[] }
  >();
  idempotency = new Map<string, { postId: string; at: number }>();
  /** Post requests received per network, including ones answered from an idempotency key. */
  received = new Map<SandboxNetwork, number>();
  /** Pinned figures per account (`network:id`) and per post id: scoped, never global. */
  pinnedAccounts = new Map<string, PinnedAccountFigures>();
  pinnedPosts = new Map<string, PinnedPostFigures>();
  private clockOffsetMs = 0;
  private sequence = 0;

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advance(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  /** Moves an account's posts back in time: its metrics grow as if the clock had advanced. */
  agePosts(network: SandboxNetwork, accountId: string, seconds: number): void {
    for (const post of this.postsOf(network, accountId)) post.createdAt -= seconds * 1000;
  }

  reset(): void {
    this.accounts.clear();
    this.tokens.clear();
    this.codes.clear();
    this.posts = [];
    this.media.clear();
    this.apps.clear();
    this.idempotency.clear();
    this.received.clear();
    this.pinnedAccounts.clear();
    this.pinnedPosts.clear();
    this.clockOffsetMs = 0;
  }

  /** Increasing numeric ids shaped like the networks' snowflakes. */
  nextId(): string {
    this.sequence += 1;
    return `${BigInt(this.now()) * 4_194_304n + BigInt(this.sequence % 4_194_304)}`;
  }

  /** Finds or creates the account a person picked on an authorize page or signed in as. */
  account(network: SandboxNetwork, handle: string): SandboxAccount {
    const key = `${network}:${handle.toLowerCase()}`;
    let account = this.accounts.get(key);
    if (!account) {
      account = {
        network,
        id: network === "bluesky" ? didFor(handle) : String(1_000_000 + this.accounts.size),
        handle,
        displayName: handle.replace(/[._-]/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()),
        createdAt: this.now(),
      };
      this.accounts.set(key, account);
    }
    return account;
  }

  accountById(network: SandboxNetwork, id: string): SandboxAccount | undefined {
    return [...this.accounts.values()].find((a) => a.network === network && a.id === id);
  }

  accountByHandle(network: SandboxNetwork, handle: string): SandboxAccount | undefined {
    return this.accounts.get(`${network}:${handle.toLowerCase()}`);
  }

  issueToken(token: Omit<SandboxToken, "revoked">): string {
    const value = randomBytes(24).toString("base64url");
    this.tokens.set(value, { ...token, revoked: false });
    return value;
  }

  /** Revokes every token of an account (or of every account on the network). */
  revokeAll(network: SandboxNetwork, accountId?: string): void {
    for (const token of this.tokens.values()) {
      if (token.network === network && (accountId === undefined || token.accountId === accountId)) {
        token.revoked = true;
      }
    }
  }

  countReceived(network: SandboxNetwork): void {
    this.received.set(network, (this.received.get(network) ?? 0) + 1);
  }

  addPost(post: Omit<SandboxPost, "createdAt">): SandboxPost {
    const stored = { ...post, createdAt: this.now() };
    this.posts.push(stored);
    return stored;
  }

  postsOf(network: SandboxNetwork, accountId?: string): SandboxPost[] {
    return this.posts.filter(
      (p) => p.network === network && (accountId === undefined || p.accountId === accountId),
    );
  }

  /**
   * Metrics that follow an engagement curve after a post: each figure's hourly gain starts at its
   * initial rate and decays with a six-hour time constant, so the totals rise fast and level off.
   * Early on that is about one like per 10 s, a repost per 30 s, a reply per minute, with a
   * per-post factor so tests see distinct numbers. Pinned figures (POST /_sandbox/figures)
   * replace the curve for that post.
   */
  metricsOf(post: SandboxPost): SandboxPostFigures {
    const ageSeconds = Math.max(0, (this.now() - post.createdAt) / 1000);
    const rate =
      1 + (Number.parseInt(createHash("sha1").update(post.id).digest("hex").slice(0, 2), 16) % 5);
    const grown = (perSecond: number) =>
      Math.floor(perSecond * curveSeconds * (1 - Math.exp(-ageSeconds / curveSeconds)));
    const curve = {
      impressions: grown(2 * rate),
      likes: grown(rate / 10),
      reposts: grown(1 / 30),
      quotes: grown(1 / 120),
      replies: this.posts.filter((p) => p.replyTo === post.id).length + grown(1 / 60),
      bookmarks: grown(1 / 90),
      linkClicks: grown(rate / 20),
    };
    return { ...curve, ...this.pinnedPosts.get(post.id) };
  }

  /**
   * An account's figures: followers start from a number derived from the handle and grow by one
   * a minute on the sandbox clock; following is fixed per handle; posts counts what it posted.
   */
  accountFiguresOf(account: SandboxAccount): Required<PinnedAccountFigures> {
    const seed = Number.parseInt(
      createHash("sha1").update(account.handle.toLowerCase()).digest("hex").slice(0, 4),
      16,
    );
    const ageSeconds = Math.max(0, (this.now() - account.createdAt) / 1000);
    return {
      followers: 100 + (seed % 900) + Math.floor(ageSeconds / 60),
      following: 10 + (seed % 90),
      posts: this.postsOf(account.network, account.id).length,
      ...this.pinnedAccounts.get(`${account.network}:${account.id}`),
    };
  }
}

/** The engagement curve's time constant: six hours. */
const curveSeconds = 6 * 3600;

/** A did:plc-shaped identifier derived from the handle, stable across resets. */
export function didFor(handle: string): string {
  const digest = createHash("sha256").update(handle.toLowerCase()).digest();
  return `did:plc:${base32(digest).slice(0, 24)}`;
}

/** A CID-shaped string (base32 "bafyrei…") for records and blobs. */
export function cidFor(bytes: Uint8Array | string): string {
  return `bafyrei${base32(createHash("sha256").update(bytes).digest()).slice(0, 52)}`;
}

function base32(bytes: Uint8Array): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
