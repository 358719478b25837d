import type { ErrorReading } from "../kit/error.ts";
import { readGoogleError } from "../kit/google.ts";

/**
 * Business Profile APIs answer in Google's standard error shape (AIP-193): `status` such as
 * UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED, with an ErrorInfo reason. Their
 * quotas are per minute, so an exhausted quota is retried a minute later.
 */
export function readGoogleBusinessError(body: unknown, status: number): ErrorReading {
  const reading = readGoogleError(body, status);
  if (status === 429 || reading.code === "RESOURCE_EXHAUSTED") {
    return { ...reading, kind: "transient", retryAfterMs: 60_000 };
  }
  if (status === 401) {
    return {
      ...reading,
      kind: "auth",
      userMessage:
        "Google Business Profile says the access token is no longer valid. Reconnect the account.",
    };
  }
  if (status === 403) {
    return {
      ...reading,
      userMessage: `Google Business Profile does not let this account post to the location: ${reading.detail.replace(/\.?$/, ".")} Check the person's role on the Business Profile.`,
    };
  }
  if (status === 404) {
    return {
      ...reading,
      userMessage:
        "Google Business Profile cannot find this location or post any more; it may have been removed.",
    };
  }
  if (status === 400) {
    return {
      ...reading,
      userMessage: `Google Business Profile refused the post: ${reading.detail.replace(/\.?$/, ".")} Edit the post and try again.`,
    };
  }
  return reading;
}
