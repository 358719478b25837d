import type { NetworkId } from "./registry.ts";

export type { NetworkId };

/**
 * What Cadence needs from every social network. Each network folder (x/, mastodon/, …) exports
 * one `Network` and describes itself in its description.ts; registry.ts lists them. Adapters
 * are pure HTTP clients: base URLs, client ids and secrets come from `NetworkConfig`, never
 * from globals, so the same code talks to the real network in a stage and to the sandbox
 * networks locally.
 */
export interface NetworkConfig {
  /** API and OAuth base URLs by name (e.g. { api, auth, upload }); each network documents its keys. */
  baseUrls: Record<string, string>;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Fetch to use (tests may pass one that counts requests); defaults to global fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
  /** Secret that signs webhook deliveries, when it differs from clientSecret (X: the app's consumer secret). */
  webhookSecret?: string;
  /** The verify token typed into a Meta app's webhook settings, echoed back in Meta's GET check. */
  webhookVerifyToken?: string;
  /**
   * Federated networks (Mastodon) register Cadence once per server: returns the client id and
   * secret for a server. The API layer registers with the network's `registerApp` and caches the
   * result; without it the adapter uses clientId/clientSecret for every server.
   */
  clientFor?(server: string): Promise<{ clientId: string; clientSecret: string }>;
}

/** Decrypted credentials. Lives only in memory; stored only encrypted in a Credential item. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** ISO-8601 UTC. */
  expiresAt?: string;
  refreshExpiresAt?: string;
  scopes?: string[];
  /** Network-specific non-secret context: Mastodon instance URL, Bluesky DID and PDS, page id… */
  context?: Record<string, string>;
}

export interface Profile {
  externalId: string;
  handle: string;
  displayName: string;
  avatarUrl?: string;
  profileUrl?: string;
  /** Pages, organizations, boards, channels, locations the user can pick to post as. */
  subAccounts?: SubAccount[];
}

export interface SubAccount {
  externalId: string;
  kind: "page" | "organization" | "board" | "channel" | "location" | "instagram_business";
  name: string;
  /** Some networks give a separate token per sub-account (Facebook pages). */
  tokens?: TokenSet;
}

export interface MediaItem {
  /** A URL the network or the adapter can GET (short-lived presigned URL for S3 media). */
  url: string;
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  altText?: string;
}

export interface PublishInput {
  tokens: TokenSet;
  /** The account (or chosen sub-account) to post as. */
  accountId: string;
  text: string;
  media: MediaItem[];
  /** Replies that continue the post, in order (X, Threads, Bluesky, Mastodon). */
  thread?: { text: string; media?: MediaItem[] }[];
  firstComment?: string;
  /** Network-specific settings validated by the network's rules (title, privacy, board, …). */
  options?: Record<string, unknown>;
  /** Stable per target version: sent where the network supports idempotency keys. */
  idempotencyKey: string;
}

export interface PublishResult {
  externalId: string;
  url: string;
  /** Ids of replies posted as thread parts or first comment. */
  childIds?: string[];
}

/**
 * A post the account made on the network itself, as `recentPosts` lists it (autoreposting).
 * `media` holds only what the network serves at a URL anyone with the tokens can GET; a network
 * that gives no downloadable URL (TikTok, YouTube) leaves it empty.
 */
export interface SourcePost {
  externalId: string;
  url: string;
  text: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  media: MediaItem[];
}

/** Normalised metrics: a value the network does not report stays undefined, never 0. */
export interface PostMetrics {
  impressions?: number;
  reach?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  clicks?: number;
  videoViews?: number;
}

/**
 * An account's own figures at the time of reading. A figure the network does not report stays
 * undefined, never 0 (docs/analytics.md lists which network reports which).
 */
export interface AccountMetrics {
  followers?: number;
  following?: number;
  /** Posts the account has made, as the network counts them. */
  posts?: number;
}

export interface WebhookRequest {
  method: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: string;
}

export type WebhookOutcome =
  /** A verification handshake (Meta's hub.challenge, X's CRC): answer with this body. */
  | { kind: "challenge"; status: number; body: string; contentType: string }
  | { kind: "rejected"; reason: string }
  | { kind: "events"; events: WebhookEvent[] };

export interface WebhookEvent {
  type: "deauthorized" | "post_deleted" | "comment" | "mention" | "other";
  accountExternalId?: string;
  postExternalId?: string;
  /** The network's own id for the event, where it gives one: a repeat with it is ignored. */
  id?: string;
  /** When the network says it happened (ms since the epoch), where it says. */
  occurredAt?: number;
  /**
   * How a destructive event is known to be real: "signed_payload" when the network signed the
   * event itself with a time in it (Meta's signed_request); otherwise Cadence asks the network.
   */
  proof?: "signed_payload";
  raw: unknown;
}

/** OAuth 2.0 authorization code with PKCE: send the person to a page, get a code back. */
export interface OAuthConnect {
  method: "oauth";
  authorizationUrl(input: {
    state: string;
    codeVerifier: string;
    scopes?: string[];
    /** Mastodon instance URL when the network is federated. */
    server?: string;
  }): Promise<URL>;
  exchangeCode(input: { code: string; codeVerifier: string; server?: string }): Promise<TokenSet>;
  refresh?(tokens: TokenSet): Promise<TokenSet>;
  revoke?(tokens: TokenSet): Promise<void>;
}

/** A handle and an app password typed into Cadence (Bluesky): no redirect. */
export interface AppPasswordConnect {
  method: "app_password";
  signIn(input: { identifier: string; password: string; server?: string }): Promise<TokenSet>;
  refresh?(tokens: TokenSet): Promise<TokenSet>;
  revoke?(tokens: TokenSet): Promise<void>;
}

export interface Network {
  id: NetworkId;
  displayName: string;
  /** How an account connects; narrow on `method`. */
  connect: OAuthConnect | AppPasswordConnect;
  profile(tokens: TokenSet): Promise<Profile>;
  publish(input: PublishInput): Promise<PublishResult>;
  /** Finds a post made with this idempotency key or text since a time (reconciliation). */
  findPost?(input: {
    tokens: TokenSet;
    accountId: string;
    idempotencyKey: string;
    text: string;
    since: string;
  }): Promise<PublishResult | undefined>;
  /**
   * The account's own top-level posts made at or after `since` (ISO-8601), oldest first: what an
   * autorepost rule reads. Networks without it cannot be an autorepost source.
   */
  recentPosts?(input: {
    tokens: TokenSet;
    accountId: string;
    since: string;
  }): Promise<SourcePost[]>;
  metrics(input: { tokens: TokenSet; accountId: string; externalId: string }): Promise<PostMetrics>;
  /** The account's followers, following and post count; absent where the API gives none. */
  accountMetrics?(input: { tokens: TokenSet; accountId: string }): Promise<AccountMetrics>;
  webhook?(request: WebhookRequest): Promise<WebhookOutcome>;
}
