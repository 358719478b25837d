import * as oauth from "oauth4webapi";
import type { Network, TokenSet } from "../types.ts";
import {
  type ErrorReader,
  errorFromFailure,
  errorFromResponse,
  NetworkError,
  type NetworkName,
} from "./error.ts";
import { readErrorBody } from "./error-body.ts";
import { defaultTimeoutMs, isLoopback, retryAfterMs } from "./http.ts";
import { asRecord, stringOf } from "./json.ts";

/** One network's OAuth 2.0 authorization server and Cadence's client registration on it. */
export interface OAuthProvider extends NetworkName {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  clientId: string;
  /** Empty for public clients. */
  clientSecret?: string;
  /** How the client authenticates at the token endpoint (X: basic; Mastodon: post). */
  clientAuth: "basic" | "post" | "none";
  redirectUri: string;
  /** Reads the network's non-OAuth error bodies (a 503 page, a rate-limit body). */
  readError: ErrorReader;
  /**
   * For networks that bend RFC 6749's codes (X answers a revoked refresh token with
   * invalid_request): says which OAuth errors mean the grant is gone.
   */
  grantGone?: (code: string, detail: string) => boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The client id's parameter name, in the authorize URL and token requests (TikTok: client_key). */
  clientIdParameter?: string;
  /** How scopes are joined in the authorize URL (TikTok and Pinterest: ","; default " "). */
  scopeSeparator?: string;
  /**
   * False for networks whose web flow has no PKCE (TikTok documents code_verifier for mobile and
   * desktop apps only; Pinterest not at all): the state alone protects the redirect.
   */
  pkce?: boolean;
  /** Sent with every token request (Pinterest: continuous_refresh=true). */
  tokenParameters?: Record<string, string>;
  /**
   * The `iss` of the ID token the token endpoint returns with the openid scope, when it is not
   * the authorize page's origin (LinkedIn: https://www.linkedin.com/oauth).
   */
  issuer?: string;
}

/** A fresh state and PKCE verifier for one connect attempt; the API layer stores both. */
export function newAuthorizationRequest(): { state: string; codeVerifier: string } {
  return { state: oauth.generateRandomState(), codeVerifier: oauth.generateRandomCodeVerifier() };
}

/** The authorize page URL with PKCE S256 (unless the provider has none), state and scopes. */
export async function authorizationUrl(
  provider: OAuthProvider,
  input: { state: string; codeVerifier: string; scopes: string[]; extra?: Record<string, string> },
): Promise<URL> {
  const url = new URL(provider.authorizationEndpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set(provider.clientIdParameter ?? "client_id", provider.clientId);
  url.searchParams.set("redirect_uri", provider.redirectUri);
  url.searchParams.set("scope", input.scopes.join(provider.scopeSeparator ?? " "));
  url.searchParams.set("state", input.state);
  if (provider.pkce !== false) {
    url.searchParams.set(
      "code_challenge",
      await oauth.calculatePKCECodeChallenge(input.codeVerifier),
    );
    url.searchParams.set("code_challenge_method", "S256");
  }
  for (const [key, value] of Object.entries(input.extra ?? {})) url.searchParams.set(key, value);
  return url;
}

/**
 * Checks the redirect back from the authorize page, for the API layer's callback route: the
 * state must match the stored one and the network must not report an error (the person pressed
 * "Cancel"). Returns the code. The `iss` parameter is not compared: each stored state belongs
 * to one network and server, which is the mix-up defence RFC 9207 would otherwise give.
 */
export function readCallback(
  network: Pick<Network, "id" | "displayName">,
  callback: URL | URLSearchParams,
  expectedState: string,
): string {
  const name: NetworkName = { network: network.id, displayName: network.displayName };
  const params = callback instanceof URL ? callback.searchParams : callback;
  const as: oauth.AuthorizationServer = { issuer: params.get("iss") ?? "urn:cadence:callback" };
  try {
    const valid = oauth.validateAuthResponse(as, { client_id: "cadence" }, params, expectedState);
    return valid.get("code") ?? "";
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      const declined = error.error === "access_denied";
      throw new NetworkError({
        network: name.network,
        kind: "permanent",
        operation: "connect",
        code: error.error,
        detail: error.error_description ?? error.error,
        userMessage: declined
          ? `The connection to ${name.displayName} was cancelled. Connect again and choose Authorize.`
          : `${name.displayName} did not complete the connection (${error.error}). Try connecting again.`,
      });
    }
    throw new NetworkError({
      network: name.network,
      kind: "permanent",
      operation: "connect",
      code: "invalid_callback",
      detail: error instanceof Error ? error.message : "invalid authorization response",
      userMessage: `The answer from ${name.displayName} did not match this connection attempt. Try connecting again.`,
    });
  }
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export async function exchangeCode(
  provider: OAuthProvider,
  input: { code: string; codeVerifier: string },
): Promise<TokenSet> {
  const as = server(provider);
  const cl = client(provider);
  // The API layer checked state already; this only brands the parameters for oauth4webapi.
  const params = oauth.validateAuthResponse(
    as,
    cl,
    new URLSearchParams({ code: input.code }),
    oauth.skipStateCheck,
  );
  const response = await call(provider, "connect", () =>
    oauth.authorizationCodeGrantRequest(
      as,
      cl,
      clientAuth(provider),
      params,
      provider.redirectUri,
      provider.pkce === false ? oauth.nopkce : input.codeVerifier,
      requestOptions(provider),
    ),
  );
  const tokens = await process(provider, "connect", () =>
    oauth.processAuthorizationCodeResponse(as, cl, response),
  );
  return tokenSet(tokens);
}

/** Uses a refresh token; keeps the old refresh token when the network does not rotate it. */
export async function refreshTokens(
  provider: OAuthProvider,
  previous: TokenSet,
): Promise<TokenSet> {
  if (previous.refreshToken === undefined) {
    throw new NetworkError({
      network: provider.network,
      kind: "auth",
      operation: "refresh token",
      code: "no_refresh_token",
      detail: "the stored credential has no refresh token",
      userMessage: `${provider.displayName} access has expired and cannot be renewed automatically. Reconnect the account.`,
    });
  }
  const refreshToken = previous.refreshToken;
  const as = server(provider);
  const cl = client(provider);
  const response = await call(provider, "refresh token", () =>
    oauth.refreshTokenGrantRequest(
      as,
      cl,
      clientAuth(provider),
      refreshToken,
      requestOptions(provider),
    ),
  );
  const tokens = await process(provider, "refresh token", () =>
    oauth.processRefreshTokenResponse(as, cl, response),
  );
  const next = tokenSet(tokens);
  return {
    ...next,
    refreshToken: next.refreshToken ?? previous.refreshToken,
    refreshExpiresAt:
      next.refreshExpiresAt ??
      (next.refreshToken === undefined ? previous.refreshExpiresAt : undefined),
    scopes: next.scopes ?? previous.scopes,
    context: previous.context,
  };
}

/** Revokes a token (RFC 7009). Revoking an already revoked token succeeds. */
export async function revokeToken(
  provider: OAuthProvider,
  token: string,
  hint: "access_token" | "refresh_token" = "access_token",
): Promise<void> {
  if (provider.revocationEndpoint === undefined) return;
  const response = await call(provider, "revoke token", () =>
    oauth.revocationRequest(server(provider), client(provider), clientAuth(provider), token, {
      ...requestOptions(provider),
      additionalParameters: { token_type_hint: hint },
    }),
  );
  await process(provider, "revoke token", () => oauth.processRevocationResponse(response));
}

function server(provider: OAuthProvider): oauth.AuthorizationServer {
  // Networks publish endpoints, not discovery documents; build the metadata from config.
  return {
    issuer: provider.issuer ?? new URL(provider.authorizationEndpoint).origin,
    authorization_endpoint: provider.authorizationEndpoint,
    token_endpoint: provider.tokenEndpoint,
    revocation_endpoint: provider.revocationEndpoint,
    code_challenge_methods_supported: ["S256"],
  };
}

function client(provider: OAuthProvider): oauth.Client {
  return { client_id: provider.clientId };
}

function clientAuth(provider: OAuthProvider): oauth.ClientAuth {
  const secret = provider.clientSecret ?? "";
  const idParameter = provider.clientIdParameter;
  if (idParameter !== undefined) {
    // The client's credentials in the body under the network's own parameter names.
    return (_as, client, body) => {
      body.delete("client_id");
      body.set(idParameter, client.client_id);
      if (secret !== "") body.set("client_secret", secret);
    };
  }
  if (provider.clientAuth === "none" || secret === "") return oauth.None();
  return provider.clientAuth === "basic"
    ? oauth.ClientSecretBasic(secret)
    : oauth.ClientSecretPost(secret);
}

function requestOptions(provider: OAuthProvider) {
  return {
    ...(provider.tokenParameters ? { additionalParameters: provider.tokenParameters } : {}),
    signal: () => AbortSignal.timeout(provider.timeoutMs ?? defaultTimeoutMs),
    ...(provider.fetch ? { [oauth.customFetch]: provider.fetch } : {}),
    // oauth4webapi refuses http://; the sandbox on this machine is the one exception.
    ...(isLoopback(provider.tokenEndpoint) ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

/**
 * Sends a token-endpoint request; no answer, 5xx and 429 become transient NetworkErrors, and a
 * refusal in the network's own error shape rather than RFC 6749's (Pinterest's `{code, message}`)
 * is read with the network's reader.
 */
async function call(
  provider: OAuthProvider,
  operation: string,
  send: () => Promise<Response>,
): Promise<Response> {
  let response: Response;
  try {
    response = await send();
  } catch (cause) {
    throw errorFromFailure(provider, operation, cause);
  }
  if (response.status === 429 || response.status >= 500) {
    const text = await response.text().catch(() => "");
    throw errorFromResponse(
      provider,
      operation,
      response.status,
      readErrorBody(parseJson(text), response.status, provider.readError),
      retryAfterMs(response.headers, response.status),
    );
  }
  if (!response.ok) {
    const body = parseJson(
      await response
        .clone()
        .text()
        .catch(() => ""),
    );
    if (typeof asRecord(body).error !== "string") {
      const reading = readErrorBody(body, response.status, provider.readError);
      const gone = provider.grantGone?.(reading.code, reading.detail) ?? false;
      throw oauthError(provider, operation, response.status, reading.code, reading.detail, {
        gone,
        clientWrong: !gone && (response.status === 401 || response.status === 403),
      });
    }
  }
  return response;
}

/** Runs an oauth4webapi response processor, translating its errors into NetworkErrors. */
async function process<T>(
  provider: OAuthProvider,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof oauth.ResponseBodyError ||
      error instanceof oauth.WWWAuthenticateChallengeError
    ) {
      const code =
        error instanceof oauth.ResponseBodyError
          ? error.error
          : (error.cause[0]?.parameters.error ?? "invalid_client");
      const detail =
        error instanceof oauth.ResponseBodyError ? (error.error_description ?? code) : code;
      const gone = provider.grantGone?.(code, detail) ?? false;
      throw oauthError(provider, operation, error.status, code, detail, { gone });
    }
    // An RFC 6749 error body that came with 200 (TikTok documents its OAuth errors as a body).
    const refusal = asRecord(asRecord(asRecord(error).cause).body);
    if (error instanceof oauth.OperationProcessingError && typeof refusal.error === "string") {
      const code = refusal.error;
      const detail = stringOf(refusal.error_description) ?? code;
      const gone = provider.grantGone?.(code, detail) ?? false;
      throw oauthError(provider, operation, 200, code, detail, { gone });
    }
    if (
      error instanceof TypeError ||
      (error instanceof DOMException && error.name === "TimeoutError")
    ) {
      throw errorFromFailure(provider, operation, error);
    }
    throw new NetworkError({
      network: provider.network,
      kind: "permanent",
      operation,
      code: "invalid_token_response",
      detail: error instanceof Error ? error.message : "unexpected token response",
      userMessage: `${provider.displayName} answered the connection in a way Cadence did not understand. Try again later.`,
      cause: error,
    });
  }
}

/** OAuth error codes (RFC 6749 §5.2) to kinds and sentences. */
function oauthError(
  provider: OAuthProvider,
  operation: string,
  status: number,
  code: string,
  detail: string,
  judged: { gone?: boolean; clientWrong?: boolean } = {},
): NetworkError {
  const who = provider.displayName;
  const grantGone = judged.gone || code === "invalid_grant" || code === "invalid_token";
  const clientWrong =
    judged.clientWrong || code === "invalid_client" || code === "unauthorized_client";
  return new NetworkError({
    network: provider.network,
    // A stale code during connect is not a lost account: the person simply connects again.
    kind: grantGone && operation !== "connect" ? "auth" : "permanent",
    operation,
    status,
    code,
    detail,
    userMessage: grantGone
      ? operation === "connect"
        ? `${who} did not accept the sign-in (it expired or was already used). Connect again.`
        : `${who} says Cadence's access was revoked or has expired. Reconnect the account.`
      : clientWrong
        ? `${who} does not recognise Cadence's app credentials. An administrator must check the ${who} app settings.`
        : `${who} refused the request (${code}): ${detail}`,
  });
}

function tokenSet(tokens: oauth.TokenEndpointResponse): TokenSet {
  const now = Date.now();
  // Not in RFC 6749, but how TikTok (refresh_expires_in) and Pinterest and Google
  // (refresh_token_expires_in) say when the refresh token itself runs out.
  const refreshIn = [tokens.refresh_expires_in, tokens.refresh_token_expires_in].find(
    (value): value is number => typeof value === "number",
  );
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt:
      tokens.expires_in === undefined
        ? undefined
        : new Date(now + tokens.expires_in * 1000).toISOString(),
    refreshExpiresAt:
      refreshIn === undefined ? undefined : new Date(now + refreshIn * 1000).toISOString(),
    // TikTok answers comma-separated scopes.
    scopes: tokens.scope?.split(/[ +,]/).filter((scope) => scope !== ""),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
