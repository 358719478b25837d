import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import { guardedFetch } from "../kit/outbound.ts";
import type { NetworkConfig, TokenSet } from "../types.ts";
import { readBlueskyError } from "./errors.ts";

export const blueskyName = { network: "bluesky", displayName: "Bluesky" } as const;

/**
 * Bluesky's base URLs (config.baseUrls): `api`, the service to sign in at (https://bsky.social,
 * which hands back the account's own PDS), and `web` for post links (https://bsky.app).
 */
export interface BlueskyApi {
  http: HttpClient;
  config: NetworkConfig;
  service: string;
  xrpc(nsid: string): string;
  postUrl(handle: string, atUri: string): string;
  profileUrl(handle: string): string;
}

export function createBlueskyApi(config: NetworkConfig, service?: string): BlueskyApi {
  const pds = baseUrl(service ?? config.baseUrls.api ?? "https://bsky.social");
  const web = baseUrl(config.baseUrls.web ?? "https://bsky.app");
  return {
    http: createHttp({
      ...blueskyName,
      readError: readBlueskyError,
      // The server is one a person typed (or a DID document named): every call is guarded.
      fetch: config.fetch ?? guardedFetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    service: pds,
    xrpc: (nsid) => `${pds}/xrpc/${nsid}`,
    postUrl: (handle, atUri) => `${web}/profile/${handle}/post/${atUri.split("/").pop() ?? ""}`,
    profileUrl: (handle) => `${web}/profile/${handle}`,
  };
}

/** The account's own PDS, kept in the token's context at sign-in. */
export function apiFor(config: NetworkConfig, tokens: TokenSet): BlueskyApi {
  return createBlueskyApi(config, tokens.context?.pds);
}

/** The service the session was created at: session refresh and sign-out go there. */
export function sessionApiFor(config: NetworkConfig, tokens: TokenSet): BlueskyApi {
  return createBlueskyApi(config, tokens.context?.service ?? tokens.context?.pds);
}

/** The DID a session belongs to. */
export function didOf(tokens: TokenSet): string {
  return tokens.context?.did ?? "";
}
