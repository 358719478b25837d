import type { NetworkConfig, OAuthConnect, TokenSet } from "../types.ts";
import { type ErrorReader, type ErrorReading, isNetworkError, type NetworkName } from "./error.ts";
import { baseUrl } from "./http.ts";
import { asRecord, stringOf } from "./json.ts";
import {
  authorizationUrl,
  exchangeCode,
  type OAuthProvider,
  refreshTokens,
  revokeToken,
} from "./oauth.ts";

/**
 * Google's OAuth 2.0 for web server apps, shared by YouTube and Google Business Profile
 * (developers.google.com/identity/protocols/oauth2/web-server). Base URL keys: `accounts`
 * (https://accounts.google.com) for the consent page at /o/oauth2/v2/auth, `oauth`
 * (https://oauth2.googleapis.com) for /token and /revoke. PKCE S256 is supported; the client
 * secret goes in the body. Refresh tokens do not rotate and come only with access_type=offline.
 */
export function googleOAuth(
  name: NetworkName,
  config: NetworkConfig,
  readError: ErrorReader,
): OAuthProvider {
  const accounts = baseUrl(config.baseUrls.accounts ?? "https://accounts.google.com");
  const oauth = baseUrl(config.baseUrls.oauth ?? "https://oauth2.googleapis.com");
  return {
    ...name,
    authorizationEndpoint: `${accounts}/o/oauth2/v2/auth`,
    tokenEndpoint: `${oauth}/token`,
    revocationEndpoint: `${oauth}/revoke`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clientAuth: "post",
    redirectUri: config.redirectUri,
    readError,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
  };
}

/**
 * Connect through Google: offline access (a refresh token), and prompt=consent so Google issues
 * a refresh token again when a person reconnects an account it already granted.
 */
export function googleConnect(
  provider: OAuthProvider,
  scopes: string[],
  afterExchange: (tokens: TokenSet) => Promise<TokenSet> = async (tokens) => tokens,
): OAuthConnect {
  return {
    method: "oauth",
    authorizationUrl: (input) =>
      authorizationUrl(provider, {
        ...input,
        scopes: input.scopes ?? scopes,
        extra: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
      }),
    exchangeCode: async (input) => afterExchange(await exchangeCode(provider, input)),
    refresh: (tokens) => refreshTokens(provider, tokens),
    async revoke(tokens) {
      // Revoking the refresh token ends the whole grant. Google answers a token it no longer
      // knows with invalid_token: the grant is already gone, which is what was asked.
      try {
        if (tokens.refreshToken) await revokeToken(provider, tokens.refreshToken, "refresh_token");
        else await revokeToken(provider, tokens.accessToken, "access_token");
      } catch (error) {
        if (!isNetworkError(error) || error.code !== "invalid_token") throw error;
      }
    },
  };
}

/**
 * Google's error bodies. The APIs answer `{error: {code, message, status, errors: [{reason,
 * domain, message}], details: [{"@type": ".../google.rpc.ErrorInfo", reason}]}}` (AIP-193; the
 * older `errors[].reason` is what YouTube Data API v3 documents); the OAuth endpoints answer
 * `{error, error_description}`. The code is the most specific of reason, ErrorInfo reason and
 * status ("quotaExceeded", "RATE_LIMIT_EXCEEDED", "UNAUTHENTICATED").
 */
export function readGoogleError(body: unknown, status: number): ErrorReading {
  const record = asRecord(body);
  const oauthCode = stringOf(record.error);
  if (oauthCode !== undefined) {
    return { code: oauthCode, detail: stringOf(record.error_description) ?? oauthCode };
  }
  const error = asRecord(record.error);
  const first = asRecord(Array.isArray(error.errors) ? error.errors[0] : undefined);
  const info = (Array.isArray(error.details) ? error.details : [])
    .map(asRecord)
    .find((detail) => String(detail["@type"] ?? "").endsWith("google.rpc.ErrorInfo"));
  const code =
    stringOf(first.reason) ?? stringOf(info?.reason) ?? stringOf(error.status) ?? `http-${status}`;
  const detail =
    plainText(stringOf(error.message) ?? stringOf(first.message)) ??
    (typeof body === "string" && body.length < 200 ? body : `HTTP ${status}`);
  return { code, detail, ...(error.status === "UNAUTHENTICATED" ? { kind: "auth" } : {}) };
}

/** Google puts links in some messages ("exceeded your <a href=…>quota</a>"). */
function plainText(text: string | undefined): string | undefined {
  return text?.replace(/<[^>]+>/g, "").trim();
}
