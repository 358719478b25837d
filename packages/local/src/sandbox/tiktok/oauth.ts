import type { Env, Hono } from "hono";
import { tiktokSandboxApp } from "../apps.ts";
import { authorizeRefused, consentAnswer, consentPage, readParams, redeemCode } from "../oauth.ts";
import type { SandboxState } from "../state.ts";
import { oauthError } from "./answers.ts";

export { tiktokSandboxApp };

/** Lifetimes from TikTok's token management page: access 2 hours, refresh 180 days, rotated. */
const accessSeconds = 2 * 3600;
const refreshSeconds = 180 * 24 * 3600;

/**
 * TikTok Login Kit for Web (OAuth v2): the consent page at /v2/auth/authorize/ with client_key
 * and comma-separated scopes (PKCE checked when a challenge is sent, as desktop apps do),
 * POST /v2/oauth/token/ with client_key and client_secret in the form body, refresh tokens
 * that rotate, and POST /v2/oauth/revoke/.
 */
export function tiktokOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  app.get("/v2/auth/authorize/", (c) => {
    const q = (name: string) => c.req.query(name);
    if (q("client_key") !== tiktokSandboxApp.clientKey)
      return authorizeRefused(c, "client_key is invalid");
    if (q("response_type") !== "code") return authorizeRefused(c, "response_type must be code");
    if (!q("redirect_uri")) return authorizeRefused(c, "redirect_uri is required");
    if (!q("scope")) return authorizeRefused(c, "scope is required");
    return consentPage(c, {
      network: "TikTok",
      appName: "Cadence",
      scopes: (q("scope") ?? "").split(","),
      carry: ["client_key"],
    });
  });
  app.post("/v2/auth/authorize/", async (c) => {
    const { fields } = await readParams(c);
    // The shared consent form speaks client_id; TikTok's speaks client_key.
    return consentAnswer(c, state, "tiktok", {
      ...fields,
      client_id: fields.client_key ?? "",
      scope: (fields.scope ?? "").replace(/,/g, " "),
    });
  });

  app.post("/v2/oauth/token/", async (c) => {
    const { fields } = await readParams(c);
    if (
      fields.client_key !== tiktokSandboxApp.clientKey ||
      fields.client_secret !== tiktokSandboxApp.clientSecret
    ) {
      return oauthError(c, 401, "invalid_client", "Client key or secret is invalid.");
    }
    if (fields.grant_type === "authorization_code") {
      const grant = redeemCode(state, "tiktok", {
        code: fields.code,
        clientId: fields.client_key,
        redirectUri: fields.redirect_uri,
        codeVerifier: fields.code_verifier,
      });
      if (!grant.ok)
        return oauthError(c, 400, "invalid_grant", "Authorization code is expired or invalid.");
      return c.json(issue(state, grant.accountId, grant.scopes));
    }
    if (fields.grant_type === "refresh_token") {
      const old = fields.refresh_token ? state.tokens.get(fields.refresh_token) : undefined;
      if (
        old?.network !== "tiktok" ||
        old.kind !== "refresh" ||
        old.revoked ||
        (old.expiresAt ?? Infinity) < state.now()
      ) {
        return oauthError(c, 400, "invalid_grant", "Refresh token is invalid or expired.");
      }
      old.revoked = true;
      return c.json(issue(state, old.accountId, old.scopes));
    }
    return oauthError(c, 400, "unsupported_grant_type", "The grant type is not supported.");
  });

  app.post("/v2/oauth/revoke/", async (c) => {
    const { fields } = await readParams(c);
    if (
      fields.client_key !== tiktokSandboxApp.clientKey ||
      fields.client_secret !== tiktokSandboxApp.clientSecret
    ) {
      return oauthError(c, 401, "invalid_client", "Client key or secret is invalid.");
    }
    const token = fields.token ? state.tokens.get(fields.token) : undefined;
    // Revoking the access token ends the user's authorization of the app.
    if (token?.network === "tiktok") state.revokeAll("tiktok", token.accountId);
    return c.body(null, 200);
  });
}

function issue(state: SandboxState, accountId: string, scopes: string[]) {
  const base = {
    network: "tiktok" as const,
    accountId,
    clientId: tiktokSandboxApp.clientKey,
    scopes,
  };
  return {
    open_id: openIdOf(accountId),
    scope: scopes.join(","),
    access_token: state.issueToken({
      ...base,
      kind: "access",
      expiresAt: state.now() + accessSeconds * 1000,
    }),
    expires_in: accessSeconds,
    refresh_token: state.issueToken({
      ...base,
      kind: "refresh",
      expiresAt: state.now() + refreshSeconds * 1000,
    }),
    refresh_expires_in: refreshSeconds,
    token_type: "Bearer",
  };
}

/** TikTok's open_id is per app and user, shaped like "-000OoW…". */
export function openIdOf(accountId: string): string {
  return `-000${Buffer.from(`tiktok:${accountId}`).toString("base64url")}`;
}
