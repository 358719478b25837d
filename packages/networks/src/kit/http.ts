import {
  type ErrorReader,
  errorFromFailure,
  errorFromResponse,
  NetworkError,
  type NetworkName,
} from "./error.ts";
import { readErrorBody } from "./error-body.ts";
import { checkOutboundUrl } from "./outbound.ts";

export const defaultTimeoutMs = 15_000;

export interface HttpClientOptions extends NetworkName {
  readError: ErrorReader;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  /** What Cadence is doing, for errors and logs: "publish", "read metrics". */
  operation: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string | URL;
  query?: Record<string, QueryValue | QueryValue[]>;
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer …`; never echoed into errors. */
  bearer?: string;
  /** One body kind at most. */
  json?: unknown;
  form?: Record<string, string> | URLSearchParams;
  multipart?: FormData;
  bytes?: { data: Uint8Array<ArrayBuffer>; contentType: string };
  timeoutMs?: number;
  /**
   * Statuses outside 2xx that are answers, not failures: YouTube's resumable upload says
   * "308 Resume Incomplete" for every chunk but the last. Redirects are not followed then.
   */
  accept?: number[];
  /** Integers past 2^53 come back as their exact digits in a string (TikTok's post ids). */
  integersAsText?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpClient {
  /** Sends the request; any non-2xx answer becomes a classified NetworkError. */
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** Like send, returning only the parsed body. */
  json<T = unknown>(request: HttpRequest): Promise<T>;
}

/**
 * A small fetch wrapper every adapter uses: per-request timeout, JSON/form/multipart/bytes
 * bodies, parsed responses, and one classification of failures into NetworkError using the
 * network's own error reader. It does not retry: whether a retry is safe is the caller's call
 * (publishing is not idempotent on most networks).
 */
export function createHttp(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  async function send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = withQuery(request.url, request.query);
    const headers = new Headers(request.headers);
    headers.set("accept", headers.get("accept") ?? "application/json");
    if (request.bearer !== undefined) headers.set("authorization", `Bearer ${request.bearer}`);
    const body = encodeBody(request, headers);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: request.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        body,
        signal: AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? defaultTimeoutMs),
        ...(request.accept?.some((status) => status >= 300 && status < 400)
          ? { redirect: "manual" as const }
          : {}),
      });
    } catch (cause) {
      throw errorFromFailure(options, request.operation, cause);
    }
    let parsed: unknown;
    try {
      parsed = await readBody(response, request.integersAsText === true);
    } catch (cause) {
      // The body stalled past the timeout or the connection dropped mid-answer.
      throw errorFromFailure(options, request.operation, cause);
    }
    if (!response.ok && !request.accept?.includes(response.status)) {
      throw errorFromResponse(
        options,
        request.operation,
        response.status,
        readErrorBody(parsed, response.status, options.readError),
        retryAfterMs(response.headers, response.status),
      );
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    send,
    json: async <T>(request: HttpRequest) => (await send<T>(request)).body,
  };
}

function withQuery(url: string | URL, query: HttpRequest["query"]): URL {
  const result = new URL(url);
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) result.searchParams.append(key, String(item));
    }
  }
  return result;
}

function encodeBody(request: HttpRequest, headers: Headers): BodyInit | undefined {
  if (request.json !== undefined) {
    headers.set("content-type", "application/json");
    return JSON.stringify(request.json);
  }
  if (request.form !== undefined) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    return new URLSearchParams(request.form).toString();
  }
  // fetch sets the multipart boundary itself.
  if (request.multipart !== undefined) return request.multipart;
  if (request.bytes !== undefined) {
    headers.set("content-type", request.bytes.contentType);
    return request.bytes.data;
  }
  return undefined;
}

async function readBody(response: Response, integersAsText: boolean): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json") || /^[[{]/.test(text)) {
    try {
      return integersAsText ? JSON.parse(text, exactIntegers) : JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A JSON.parse reviver keeping unsafe integers as their source text (ES2025 source access). */
function exactIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  return typeof value === "number" && !Number.isSafeInteger(value) && context?.source
    ? context.source
    : value;
}

/**
 * How long to wait before retrying, from the headers networks use: Retry-After (seconds or an
 * HTTP date), Meta's `x-business-use-case-usage` (minutes, set only while throttled), X's
 * `x-rate-limit-reset` (epoch seconds), Bluesky's `ratelimit-reset` (epoch seconds) and
 * Mastodon's `x-ratelimit-reset` (ISO 8601). The reset headers ride on every answer, so they
 * count only for a 429. Undefined when nothing says.
 */
export function retryAfterMs(
  headers: Headers,
  status: number,
  now = Date.now(),
): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  // Meta throttles with 400/403 and an error code, not 429; its Business Use Case header names
  // the wait, and only while the caller is throttled.
  const meta = metaRegainMs(headers.get("x-business-use-case-usage"));
  if (meta !== undefined) return meta;
  if (status !== 429) return undefined;
  for (const name of ["x-rate-limit-reset", "ratelimit-reset", "x-ratelimit-reset"]) {
    const value = headers.get(name);
    if (value === null) continue;
    const reset = resetInstant(value, now);
    if (reset !== undefined) return Math.max(0, reset - now);
  }
  return undefined;
}

/**
 * Meta's `X-Business-Use-Case-Usage`: `{"<object id>": [{type, call_count, total_time,
 * estimated_time_to_regain_access}]}`, the wait in minutes; the longest non-zero wait counts.
 */
function metaRegainMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  let minutes = 0;
  try {
    for (const usages of Object.values(JSON.parse(header) as Record<string, unknown>)) {
      for (const usage of Array.isArray(usages) ? usages : []) {
        const wait = Number(
          (usage as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access,
        );
        if (Number.isFinite(wait)) minutes = Math.max(minutes, wait);
      }
    }
  } catch {
    return undefined;
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

function resetInstant(value: string, now: number): number | undefined {
  const number = Number(value);
  if (Number.isFinite(number)) {
    // Epoch seconds are large; a small number is a delta in seconds (IETF RateLimit draft).
    return number > 1_000_000_000 ? number * 1000 : now + number * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

/** A configured base URL without its trailing slash, so `${base}${path}` joins cleanly. */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

/** True for http://127.0.0.1, http://localhost and http://[::1]: the local sandbox. */
export function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
}

/**
 * A server address a person typed ("mastodon.social", "https://bsky.social/") as a base URL.
 * Cadence's backend fetches it, so it passes the outbound guard's checks: https (plain http only
 * for an origin the local configuration names), no credentials, no private address literal.
 * The names it resolves to are checked on every request by the guarded fetch.
 */
export function serverAddress(name: NetworkName, raw: string, example: string): string {
  const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = checkOutboundUrl(withScheme);
  } catch {
    throw new NetworkError({
      network: name.network,
      kind: "permanent",
      operation: "connect",
      code: "invalid_server",
      detail: "not a public https server address",
      userMessage: `That is not a ${name.displayName} server address. Type it like ${example}.`,
    });
  }
  return baseUrl(`${url.origin}${url.pathname}`);
}
