import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import type { NetworkConfig } from "../types.ts";
import { readGoogleBusinessError } from "./errors.ts";

export const googleBusinessName = {
  network: "google-business",
  displayName: "Google Business Profile",
} as const;

/**
 * Google Business Profile's base URLs (config.baseUrls): `accountManagement`
 * (https://mybusinessaccountmanagement.googleapis.com) for accounts, `businessInformation`
 * (https://mybusinessbusinessinformation.googleapis.com) for locations, `api`
 * (https://mybusiness.googleapis.com) for the v4 local posts, and Google's OAuth keys
 * `accounts` and `oauth` (kit/google.ts).
 */
export interface GoogleBusinessApi {
  http: HttpClient;
  config: NetworkConfig;
  accountManagement(path: string): string;
  businessInformation(path: string): string;
  v4(path: string): string;
}

export function createGoogleBusinessApi(config: NetworkConfig): GoogleBusinessApi {
  const accounts = baseUrl(
    config.baseUrls.accountManagement ?? "https://mybusinessaccountmanagement.googleapis.com",
  );
  const information = baseUrl(
    config.baseUrls.businessInformation ?? "https://mybusinessbusinessinformation.googleapis.com",
  );
  const api = baseUrl(config.baseUrls.api ?? "https://mybusiness.googleapis.com");
  return {
    http: createHttp({
      ...googleBusinessName,
      readError: readGoogleBusinessError,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    accountManagement: (path) => `${accounts}/v1${path}`,
    businessInformation: (path) => `${information}/v1${path}`,
    v4: (path) => `${api}/v4${path}`,
  };
}
