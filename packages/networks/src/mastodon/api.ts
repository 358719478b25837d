import { createHttp, type HttpClient, serverAddress } from "../kit/http.ts";
import { guardedFetch } from "../kit/outbound.ts";
import type { NetworkConfig, TokenSet } from "../types.ts";
import { readMastodonError } from "./errors.ts";

export const mastodonName = { network: "mastodon", displayName: "Mastodon" } as const;

/** Granular scopes (Mastodon 3.5+): read the profile and statuses, post statuses and media. */
export const mastodonScopes = ["read:accounts", "read:statuses", "write:statuses", "write:media"];

export interface MastodonApi {
  http: HttpClient;
  config: NetworkConfig;
  server: string;
  url(path: string): string;
}

/**
 * Mastodon is many servers: each account lives on the one given at connect, kept in the token's
 * context. `config.baseUrls.api` is only the default server (https://mastodon.social).
 */
export function createMastodonApi(config: NetworkConfig, server: string): MastodonApi {
  return {
    http: createHttp({
      ...mastodonName,
      readError: readMastodonError,
      // The server is one a person typed (or a DID document named): every call is guarded.
      fetch: config.fetch ?? guardedFetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    server,
    url: (path) => `${server}${path}`,
  };
}

/** The server for a token, or the one a person typed ("mastodon.social", "https://x.y/"). */
export function serverOf(config: NetworkConfig, input?: string | TokenSet): string {
  if (typeof input === "string") {
    const typed = serverNameOf(input);
    // The default server by its public name is the stage's configured address for it: the real
    // one in production, the sandbox's stand-in for it on a local or preview stage.
    if (config.baseUrls.api && typed === defaultServerName)
      return serverAddress(mastodonName, config.baseUrls.api, defaultServerName);
    return serverAddress(mastodonName, typed, defaultServerName);
  }
  const raw = input?.context?.server ?? config.baseUrls.api ?? `https://${defaultServerName}`;
  return serverAddress(mastodonName, raw, defaultServerName);
}

const defaultServerName = "mastodon.social";

/**
 * What people type for a server, as its address: "Mastodon.Social", "https://mastodon.social/",
 * or a whole handle ("@nia@mastodon.social", whose server is after the last @).
 */
export function serverNameOf(typed: string): string {
  const trimmed = typed.trim();
  const handle = /^@?[^@\s/]+@([^@\s/]+)$/.exec(trimmed);
  if (handle?.[1]) return handle[1].toLowerCase();
  if (/^https?:\/\//i.test(trimmed)) {
    if (!URL.canParse(trimmed)) return trimmed;
    const url = new URL(trimmed);
    const bare = url.protocol === "https:" && url.pathname === "/" && !url.search && !url.username;
    return bare && url.host.toLowerCase() === defaultServerName ? defaultServerName : trimmed;
  }
  return trimmed.replace(/\/+$/, "").toLowerCase();
}
