import type { Context, Env, Hono, MiddlewareHandler } from "hono";
import { googleSandboxApp } from "../apps.ts";
import {
  authorizeRefused,
  bearerOf,
  clientCredentials,
  consentAnswer,
  consentPage,
  readParams,
  redeemCode,
} from "../oauth.ts";
import type { SandboxState } from "../state.ts";

export { googleSandboxApp };

export type GoogleNetwork = "youtube" | "google-business";

const accessSeconds = 3599;

/**
 * Google's OAuth 2.0 for web server apps, as each Google product's sandbox mounts it:
 * /o/oauth2/v2/auth (the consent page; PKCE checked when sent; a refresh token only with
 * access_type=offline), POST /token (client secret in the body or Basic; refresh tokens do not
 * rotate; invalid_grant "Token has been expired or revoked."), POST /revoke (a revoked or
 * unknown token answers 400 invalid_token).
 */
export function googleOAuthRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  network: GoogleNetwork,
  consent: { details?: string } = {},
): void {
  app.get("/o/oauth2/v2/auth", (c) => {
    const q = (name: string) => c.req.query(name);
    if (q("client_id") !== googleSandboxApp.clientId)
      return authorizeRefused(c, "Error 401: invalid_client. The OAuth client was not found.");
    if (q("response_type") !== "code")
      return authorizeRefused(c, "Error 400: invalid_request. Unsupported response_type.");
    if (!q("redirect_uri")) return authorizeRefused(c, "Error 400: redirect_uri_mismatch");
    if (!q("scope")) return authorizeRefused(c, "Error 400: invalid_request. Missing scope.");
    return consentPage(c, {
      network: "Google",
      appName: "Cadence",
      scopes: (q("scope") ?? "").split(" "),
      carry: ["access_type", "prompt", "include_granted_scopes"],
      details: consent.details,
    });
  });
  app.post("/o/oauth2/v2/auth", async (c) =>
    consentAnswer(c, state, network, (await readParams(c)).fields, { keep: ["access_type"] }),
  );

  app.post("/token", async (c) => {
    const { fields } = await readParams(c);
    const client = clientCredentials(c, fields);
    if (
      client.clientId !== googleSandboxApp.clientId ||
      client.clientSecret !== googleSandboxApp.clientSecret
    ) {
      return oauthError(c, 401, "invalid_client", "The OAuth client was not found.");
    }
    if (fields.grant_type === "authorization_code") {
      const grant = redeemCode(state, network, {
        code: fields.code,
        clientId: client.clientId,
        redirectUri: fields.redirect_uri,
        codeVerifier: fields.code_verifier,
      });
      if (!grant.ok) return oauthError(c, 400, "invalid_grant", "Bad Request");
      const offline = grant.extra.access_type === "offline";
      return c.json(issue(state, network, grant.accountId, grant.scopes, offline));
    }
    if (fields.grant_type === "refresh_token") {
      const old = fields.refresh_token ? state.tokens.get(fields.refresh_token) : undefined;
      if (old?.network !== network || old.kind !== "refresh" || old.revoked) {
        return oauthError(c, 400, "invalid_grant", "Token has been expired or revoked.");
      }
      return c.json(issue(state, network, old.accountId, old.scopes, false));
    }
    return oauthError(c, 400, "unsupported_grant_type", "Invalid grant_type: ");
  });

  app.post("/revoke", async (c) => {
    const { fields } = await readParams(c);
    const token = fields.token ? state.tokens.get(fields.token) : undefined;
    if (token?.network !== network || token.revoked) {
      return oauthError(c, 400, "invalid_token", "Token expired or revoked");
    }
    // Revoking either token ends the grant.
    state.revokeAll(network, token.accountId);
    return c.json({});
  });
}

function issue(
  state: SandboxState,
  network: GoogleNetwork,
  accountId: string,
  scopes: string[],
  withRefresh: boolean,
) {
  const base = { network, accountId, clientId: googleSandboxApp.clientId, scopes };
  return {
    access_token: state.issueToken({
      ...base,
      kind: "access",
      expiresAt: state.now() + accessSeconds * 1000,
    }),
    expires_in: accessSeconds,
    scope: scopes.join(" "),
    token_type: "Bearer",
    ...(withRefresh ? { refresh_token: state.issueToken({ ...base, kind: "refresh" }) } : {}),
  };
}

function oauthError(c: Context, status: number, error: string, description: string) {
  return c.json({ error, error_description: description }, status as 400);
}

/**
 * Google's API error body: YouTube Data API v3 still documents `errors[]` with a reason; the
 * newer APIs (Business Profile) follow AIP-193 with a google.rpc.ErrorInfo in `details`.
 */
export function googleError(
  c: Context,
  input: {
    code: number;
    status: string;
    message: string;
    reason: string;
    domain?: string;
    style?: "v3" | "aip193";
  },
): Response {
  const domain = input.domain ?? (input.style === "aip193" ? "googleapis.com" : "global");
  return c.json(
    {
      error: {
        code: input.code,
        message: input.message,
        ...(input.style === "aip193"
          ? {
              details: [
                {
                  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                  reason: input.reason,
                  domain,
                },
              ],
            }
          : { errors: [{ message: input.message, domain, reason: input.reason }] }),
        status: input.status,
      },
    },
    input.code as 400,
  );
}

/**
 * Bearer check for a Google API: a live access token of this product with the scope it needs
 * (401 UNAUTHENTICATED, or 403 insufficient scope, as Google answers).
 */
export function googleBearer(
  state: SandboxState,
  network: GoogleNetwork,
  scope: string,
  style: "v3" | "aip193" = "v3",
): MiddlewareHandler<{ Variables: { accountId: string } }> {
  return async (c, next) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    if (
      token?.network !== network ||
      token.kind !== "access" ||
      token.revoked ||
      (token.expiresAt ?? Infinity) < state.now()
    ) {
      return googleError(c, {
        code: 401,
        status: "UNAUTHENTICATED",
        message:
          "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
        reason: style === "aip193" ? "ACCESS_TOKEN_EXPIRED" : "authError",
        style,
      });
    }
    if (!token.scopes.some((s) => s.startsWith(scope))) {
      return googleError(c, {
        code: 403,
        status: "PERMISSION_DENIED",
        message: "Request had insufficient authentication scopes.",
        reason: style === "aip193" ? "ACCESS_TOKEN_SCOPE_INSUFFICIENT" : "insufficientPermissions",
        style,
      });
    }
    c.set("accountId", token.accountId);
    return next();
  };
}
