/**
 * The one client every island uses to call the public API: JSON in and out, the session's
 * bearer token attached and refreshed transparently, and RFC 9457 problem documents turned
 * into ApiError (code, a sentence to show, and the field it is about).
 */
import {
  accessToken,
  clearSession,
  hasSession,
  refreshToken,
  saveTokens,
  setFlash,
  type Tokens,
} from "./session.ts";

export const apiUrl = (import.meta.env.PUBLIC_API_URL ?? "http://127.0.0.1:3000").replace(
  /\/+$/,
  "",
);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** A sentence a person can act on. */
    readonly detail: string,
    /** The input the problem is about, named as the request body names it. */
    readonly field?: string,
    readonly requestId?: string,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

export interface Reply<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Calls without a session (sign-in, sign-up, password reset). */
  anonymous?: boolean;
  /** Hands back the body as text (CSV exports) instead of parsing JSON. */
  text?: boolean;
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  // One key per action, reused if the call is retried after a refresh, so a POST never
  // happens twice.
  if (method === "POST" && !options.anonymous) headers["idempotency-key"] = crypto.randomUUID();
  const init = {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  };
  if (options.anonymous) return parse<T>(await send(path, init), options.text);

  let token = accessToken() ?? (await refreshSession());
  let response = await send(path, withToken(init, token));
  if (response.status === 401) {
    const problem = await readProblem(response);
    if (problem.code !== "token_expired") return endSession();
    token = await refreshSession();
    response = await send(path, withToken(init, token));
    if (response.status === 401) return endSession();
  }
  return parse<T>(response, options.text);
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, { ...options, body }),
  delete: <T = undefined>(path: string, options?: RequestOptions) =>
    request<T>("DELETE", path, options),
};

type Init = { method: string; headers: Record<string, string>; body: string | undefined };

function withToken(init: Init, token: string): Init {
  return { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } };
}

async function send(path: string, init: Init): Promise<Response> {
  try {
    return await fetch(`${apiUrl}${path}`, init);
  } catch {
    throw new ApiError(
      0,
      "network_error",
      "Cadence cannot be reached. Check your connection and try again.",
    );
  }
}

async function parse<T>(response: Response, asText = false): Promise<Reply<T>> {
  if (!response.ok) throw toError(response, await readProblem(response));
  const text = await response.text();
  const data = (asText ? text : text ? JSON.parse(text) : undefined) as T;
  return { data, status: response.status, headers: response.headers };
}

interface ProblemBody {
  code?: string;
  detail?: string;
  field?: string;
  requestId?: string;
}

async function readProblem(response: Response): Promise<ProblemBody> {
  try {
    return (await response.clone().json()) as ProblemBody;
  } catch {
    return {};
  }
}

function toError(response: Response, problem: ProblemBody): ApiError {
  const fallback =
    response.status >= 500
      ? "Something went wrong on our side. Try again in a moment."
      : `The request failed (${response.status}).`;
  return new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.detail ?? fallback,
    problem.field,
    problem.requestId ?? response.headers.get("x-request-id") ?? undefined,
  );
}

let refreshing: Promise<string> | undefined;

/**
 * Trades the refresh token for new tokens. A refresh token works once, so the tabs of one
 * browser take turns (Web Locks) and each reads the newest token only once it holds the lock:
 * a second tab never spends a token the first already rotated.
 */
function refreshSession(): Promise<string> {
  refreshing ??= (async () => {
    try {
      const rotate = () => rotateRefreshToken();
      return "locks" in navigator
        ? await navigator.locks.request("cadence.refresh", rotate)
        : await rotate();
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

async function rotateRefreshToken(): Promise<string> {
  const token = refreshToken();
  if (!token) return endSession();
  const response = await send("/auth/refresh", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ refreshToken: token }),
  });
  if (response.status === 401 || response.status === 400) return endSession();
  const { data } = await parse<Tokens>(response);
  saveTokens(data);
  return data.accessToken;
}

/** Where to go to sign in, coming back to `next` (a path on this site) afterwards. */
export function signInUrl(next = location.pathname + location.search): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

/**
 * The session is over (signed out elsewhere, expired, or a refresh failed): forget it and go
 * to sign-in, coming back here afterwards. The promise never settles, so the page keeps its
 * state until the browser navigates away instead of flashing an error.
 */
export function endSession(): Promise<never> {
  if (hasSession()) setFlash("Your session has ended. Sign in again to carry on.");
  clearSession();
  location.assign(signInUrl());
  return new Promise<never>(() => {});
}

/** A `next` parameter is followed only to a path on this site. */
export function safeNext(value: string | null, fallback = "/app"): string {
  return value && /^\/(?![/\\])/.test(value) ? value : fallback;
}
