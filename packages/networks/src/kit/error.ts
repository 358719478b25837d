import type { NetworkId, PublishResult } from "../types.ts";
import { OutboundError } from "./outbound.ts";

/**
 * transient: try again later (network error, timeout, 5xx, 429).
 * auth: the account's token no longer works; the person must reconnect.
 * permanent: the network refused this request as it is; retrying will not help.
 */
export type NetworkErrorKind = "transient" | "permanent" | "auth";

export interface NetworkErrorInit {
  network: NetworkId;
  kind: NetworkErrorKind;
  /** What Cadence was doing, for logs: "publish", "upload media", "refresh token". */
  operation: string;
  /** HTTP status, absent when no response arrived. */
  status?: number;
  /** The network's own error code ("duplicate", "InvalidToken", "invalid_grant"), or ours. */
  code: string;
  /** The network's own words about the error (never a token or header). */
  detail: string;
  /** A sentence a person can act on. */
  userMessage: string;
  retryAfterMs?: number;
  /**
   * What was already posted when a multi-part publish (a thread, a first comment) failed part
   * way. The caller records it and must not publish the whole target again.
   */
  partial?: PublishResult;
  cause?: unknown;
}

/**
 * The one error every adapter throws. `message` is for logs; `userMessage` is for people.
 * Neither ever holds a token: adapters build them from status, code and the network's text.
 */
export class NetworkError extends Error {
  readonly network: NetworkId;
  readonly kind: NetworkErrorKind;
  readonly operation: string;
  readonly status?: number;
  readonly code: string;
  readonly detail: string;
  readonly userMessage: string;
  readonly retryAfterMs?: number;
  readonly partial?: PublishResult;

  constructor(init: NetworkErrorInit) {
    super(
      `${init.network} ${init.operation}: ${init.status ?? "no response"} ${init.code}: ${init.detail}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = "NetworkError";
    this.network = init.network;
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.userMessage = init.userMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.partial = init.partial;
  }
}

export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}

/** What a network says about a failed response, read from its own error body shape. */
export interface ErrorReading {
  code: string;
  detail: string;
  /** Overrides the status-based kind (Bluesky answers an expired token with 400). */
  kind?: NetworkErrorKind;
  /** Overrides the default sentence when the network's code has a better one. */
  userMessage?: string;
  /**
   * When to retry, when the body says and the headers do not (YouTube's daily quota resets at
   * midnight Pacific time; TikTok's daily post cap).
   */
  retryAfterMs?: number;
}

/** Each network supplies one: maps its error body (parsed JSON or text) to code and words. */
export type ErrorReader = (body: unknown, status: number) => ErrorReading;

/** Who is talking: the id for logs and the name people know. */
export interface NetworkName {
  network: NetworkId;
  displayName: string;
}

/** Status-based classification: 429, 408 and 5xx are transient, 401 is auth, other 4xx permanent. */
export function kindOfStatus(status: number): NetworkErrorKind {
  if (status === 429 || status === 408 || status >= 500) return "transient";
  if (status === 401) return "auth";
  return "permanent";
}

/** The default sentence for an error kind, naming the network. */
export function defaultUserMessage(
  name: NetworkName,
  kind: NetworkErrorKind,
  status: number | undefined,
  detail: string,
  retryAfterMs?: number,
): string {
  const who = name.displayName;
  if (kind === "auth") {
    return `${who} no longer accepts Cadence's access to this account. Reconnect the account.`;
  }
  if (kind === "transient") {
    if (status === 429) {
      const wait =
        retryAfterMs === undefined ? "shortly" : `in about ${describeDuration(retryAfterMs)}`;
      return `${who} is limiting how often Cadence can post right now. Cadence will try again ${wait}.`;
    }
    if (status === undefined) {
      return `${who} did not answer in time. Cadence will try again.`;
    }
    return `${who} had a temporary problem (HTTP ${status}). Cadence will try again.`;
  }
  return `${who} refused the request: ${sentence(detail)} Check the post and try again.`;
}

/** Builds the error for a failed HTTP response from the network's own reading of the body. */
export function errorFromResponse(
  name: NetworkName,
  operation: string,
  status: number,
  reading: ErrorReading,
  retryAfterMs?: number,
): NetworkError {
  const kind = reading.kind ?? kindOfStatus(status);
  const wait = retryAfterMs ?? reading.retryAfterMs;
  return new NetworkError({
    network: name.network,
    kind,
    operation,
    status,
    code: reading.code,
    detail: reading.detail,
    userMessage:
      reading.userMessage ?? defaultUserMessage(name, kind, status, reading.detail, wait),
    retryAfterMs: kind === "transient" ? wait : undefined,
  });
}

/** For a request that never got a response: DNS, reset connection, or our own timeout. */
export function errorFromFailure(
  name: NetworkName,
  operation: string,
  cause: unknown,
): NetworkError {
  if (cause instanceof OutboundError && cause.reason !== "unreachable") {
    // The outbound guard refused the address itself: asking again will not help.
    return new NetworkError({
      network: name.network,
      kind: "permanent",
      operation,
      code: cause.reason,
      detail: cause.message,
      userMessage: `Cadence will not contact that ${name.displayName} address: ${cause.message}.`,
    });
  }
  const timedOut =
    cause instanceof DOMException && (cause.name === "TimeoutError" || cause.name === "AbortError");
  const detail = timedOut ? "the request timed out" : "the connection failed";
  return new NetworkError({
    network: name.network,
    kind: "transient",
    operation,
    code: timedOut ? "timeout" : "network_error",
    detail,
    userMessage: timedOut
      ? `${name.displayName} did not answer in time. Cadence will try again.`
      : `Cadence could not reach ${name.displayName}. Cadence will try again.`,
    cause,
  });
}

function describeDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.round(minutes / 60)} hours`;
}

/** Makes a network's phrase end like a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "no reason was given.";
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
