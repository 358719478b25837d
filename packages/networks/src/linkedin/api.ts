import { baseUrl, createHttp, type HttpClient, type HttpRequest } from "../kit/http.ts";
import type { NetworkConfig } from "../types.ts";
import { readLinkedInError } from "./errors.ts";

export const linkedInName = { network: "linkedin", displayName: "LinkedIn" } as const;

/**
 * The Marketing API version sent in `LinkedIn-Version` (learn.microsoft.com/linkedin/marketing/
 * versioning: monthly versions, each served for at least a year, then answered with 426).
 */
export const linkedInVersion = "202601";

/**
 * LinkedIn's base URLs (config.baseUrls): `auth` (https://www.linkedin.com) for /oauth/v2/*,
 * `api` (https://api.linkedin.com) for /v2/userinfo and the versioned /rest/* API, `web`
 * (https://www.linkedin.com) for post links. Upload URLs come from LinkedIn in each answer.
 */
export interface LinkedInApi {
  http: HttpClient;
  config: NetworkConfig;
  /** The versioned API: every request carries LinkedIn-Version and Rest.li protocol 2.0.0. */
  rest: HttpClient;
  url(path: string): string;
  authorizeUrl: string;
  tokenUrl: string;
  /** The `iss` of LinkedIn's ID tokens (its OpenID discovery lives under /oauth). */
  issuer: string;
  postUrl(urn: string): string;
  /** A URN inside a path segment: urn%3Ali%3Ashare%3A123. */
  segment(urn: string): string;
}

export function createLinkedInApi(config: NetworkConfig): LinkedInApi {
  const api = baseUrl(config.baseUrls.api ?? "https://api.linkedin.com");
  const auth = baseUrl(config.baseUrls.auth ?? "https://www.linkedin.com");
  const web = baseUrl(config.baseUrls.web ?? "https://www.linkedin.com");
  const http = createHttp({
    ...linkedInName,
    readError: readLinkedInError,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
  });
  const versioned = (request: HttpRequest): HttpRequest => ({
    ...request,
    headers: {
      "LinkedIn-Version": linkedInVersion,
      "X-Restli-Protocol-Version": "2.0.0",
      ...request.headers,
    },
  });
  return {
    http,
    config,
    rest: {
      send: (request) => http.send(versioned(request)),
      json: (request) => http.json(versioned(request)),
    },
    url: (path) => `${api}${path}`,
    authorizeUrl: `${auth}/oauth/v2/authorization`,
    tokenUrl: `${auth}/oauth/v2/accessToken`,
    issuer: `${auth}/oauth`,
    postUrl: (urn) => `${web}/feed/update/${urn}/`,
    segment: (urn) => encodeURIComponent(urn),
  };
}
