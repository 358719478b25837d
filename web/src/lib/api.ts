/**
 * The one client every island uses to call the public API, generated from its OpenAPI document
 * (`pnpm openapi` writes openapi.gen.ts): typed paths, parameters, bodies and answers, the
 * session's bearer token attached and refreshed transparently, and RFC 9457 problem documents
 * turned into ApiError (code, a sentence to show, and the field it is about).
 */
import createClient from "openapi-fetch";
import type { components, operations, paths } from "./openapi.gen.ts";
import { accessToken, clearSession, hasSession, saveTokens, setFlash } from "./session.ts";

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

/** A shape the API names in its document (Post, Account, Media…). */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** The query parameters an operation takes, for calls that build them from a form. */
export type Query<Operation extends keyof operations> = NonNullable<
  operations[Operation]["parameters"]["query"]
>;

export interface Reply<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** Calls as the signed-in person. */
export const client = createClient<paths>({ baseUrl: apiUrl, fetch: withSession });
/** Calls without a session (sign-in, sign-up, password reset). */
export const publicClient = createClient<paths>({ baseUrl: apiUrl, fetch: send });

/** The answer of a client call, or its problem document thrown as ApiError. */
export async function ok<D>(
  pending: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<Reply<D>> {
  const { data, error, response } = await pending;
  if (!response.ok) throw toError(response, (error ?? {}) as ProblemBody);
  return { data: data as D, status: response.status, headers: response.headers };
}

async function withSession(request: Request): Promise<Response> {
  // One key per action, reused if the call is retried after a refresh, so a POST never
  // happens twice.
  if (request.method === "POST" && !request.headers.has("idempotency-key"))
    request.headers.set("idempotency-key", crypto.randomUUID());
  const again = request.clone();
  let token = accessToken() ?? (await refreshSession());
  let response = await send(withToken(request, token));
  if (response.status === 401) {
    const problem = await readProblem(response);
    if (problem.code !== "token_expired") return endSession();
    token = await refreshSession();
    response = await send(withToken(again, token));
    if (response.status === 401) return endSession();
  }
  return response;
}

function withToken(request: Request, token: string): Request {
  request.headers.set("authorization", `Bearer ${token}`);
  return request;
}

async function send(request: Request): Promise<Response> {
  try {
    // The refresh cookie is scoped to /auth/refresh, so "include" sends it there and nowhere
    // else; the API's CORS allows credentials for the site's own origins only.
    return await fetch(request, { credentials: "include" });
  } catch {
    throw new ApiError(
      0,
      "network_error",
      "Cadence cannot be reached. Check your connection and try again.",
    );
  }
}

/** A problem document as it arrives: any member may be missing from an unexpected answer. */
type ProblemBody = Partial<Schema<"Problem">>;

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
 * Trades the refresh cookie for new tokens. A refresh token works once, so the tabs of one
 * browser take turns (Web Locks): a second tab sends the cookie only after the first one's
 * rotation has replaced it.
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
  if (!hasSession()) return endSession();
  const answer = await publicClient.POST("/auth/refresh");
  if (answer.response.status === 401 || answer.response.status === 400) return endSession();
  const { data } = await ok(Promise.resolve(answer));
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
