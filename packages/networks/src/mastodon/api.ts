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
  const raw =
    typeof input === "string"
      ? input
      : (input?.context?.server ?? config.baseUrls.api ?? "https://mastodon.social");
  return serverAddress(mastodonName, raw, "mastodon.social");
}
