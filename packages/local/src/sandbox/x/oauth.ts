import type { Env, Hono } from "hono";
import { xSandboxApp } from "../apps.ts";
import {
  authorizeRefused,
  clientCredentials,
  consentAnswer,
  consentPage,
  readParams,
  redeemCode,
} from "../oauth.ts";
import type { SandboxState } from "../state.ts";
import { oauthError } from "./problems.ts";

export { xSandboxApp };

const accessLifetimeSeconds = 7200;

/**
 * X's OAuth 2.0 with PKCE: the consent page at /i/oauth2/authorize (state and an S256 or plain
 * code_challenge required), POST /2/oauth2/token for authorization_code and refresh_token
 * grants (confidential clients authenticate with HTTP Basic; refresh tokens rotate and need
 * offline.access), and POST /2/oauth2/revoke.
 */
export function xOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  app.get("/i/oauth2/authorize", (c) => {
    const q = (name: string) => c.req.query(name);
    if (q("response_type") !== "code") return authorizeRefused(c, "response_type must be code");
    if (q("client_id") !== xSandboxApp.clientId)
      return authorizeRefused(c, "Something went wrong: unknown client_id");
    if (!q("redirect_uri")) return authorizeRefused(c, "redirect_uri is required");
    if (!q("state")) return authorizeRefused(c, "state is required");
    if (!q("code_challenge") || !["S256", "plain"].includes(q("code_challenge_method") ?? "")) {
      return authorizeRefused(
        c,
        "code_challenge and code_challenge_method (S256 or plain) are required",
      );
    }
    return consentPage(c, {
      network: "X",
      appName: "Cadence",
      scopes: (q("scope") ?? "").split(" "),
    });
  });
  app.post("/i/oauth2/authorize", async (c) =>
    consentAnswer(c, state, "x", (await readParams(c)).fields),
  );

  app.post("/2/oauth2/token", async (c) => {
    const { fields } = await readParams(c);
    const client = clientCredentials(c, fields);
    if (
      client.clientId !== xSandboxApp.clientId ||
      (client.clientSecret !== undefined && client.clientSecret !== xSandboxApp.clientSecret)
    ) {
      return oauthError(c, 401, "unauthorized_client", "Missing valid authorization header");
    }
    if (fields.grant_type === "authorization_code") {
      const grant = redeemCode(state, "x", {
        code: fields.code,
        clientId: client.clientId,
        redirectUri: fields.redirect_uri,
        codeVerifier: fields.code_verifier,
      });
      if (!grant.ok)
        return oauthError(
          c,
          400,
          "invalid_request",
          "Value passed for the authorization code was invalid.",
        );
      return c.json(issue(state, grant.accountId, grant.scopes));
    }
    if (fields.grant_type === "refresh_token") {
      const old = fields.refresh_token ? state.tokens.get(fields.refresh_token) : undefined;
      if (old?.kind !== "refresh" || old.revoked || old.network !== "x") {
        return oauthError(c, 400, "invalid_request", "Value passed for the token was invalid.");
      }
      old.revoked = true; // rotation: a refresh token works once
      return c.json(issue(state, old.accountId, old.scopes));
    }
    return oauthError(c, 400, "unsupported_grant_type", "Grant type is not supported.");
  });

  app.post("/2/oauth2/revoke", async (c) => {
    const { fields } = await readParams(c);
    const client = clientCredentials(c, fields);
    if (client.clientId !== xSandboxApp.clientId)
      return oauthError(c, 401, "unauthorized_client", "Missing valid authorization header");
    const token = fields.token ? state.tokens.get(fields.token) : undefined;
    if (token && token.network === "x") {
      // Revoking the refresh token ends the grant, access tokens included.
      if (token.kind === "refresh") state.revokeAll("x", token.accountId);
      token.revoked = true;
    }
    return c.json({ revoked: true });
  });
}

function issue(state: SandboxState, accountId: string, scopes: string[]) {
  const base = { network: "x" as const, accountId, clientId: xSandboxApp.clientId, scopes };
  const accessToken = state.issueToken({
    ...base,
    kind: "access",
    expiresAt: state.now() + accessLifetimeSeconds * 1000,
  });
  const refreshToken = scopes.includes("offline.access")
    ? state.issueToken({ ...base, kind: "refresh" })
    : undefined;
  return {
    token_type: "bearer",
    expires_in: accessLifetimeSeconds,
    access_token: accessToken,
    scope: scopes.join(" "),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
}
