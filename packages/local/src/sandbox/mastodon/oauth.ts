import { randomBytes } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import {
  authorizeRefused,
  clientCredentials,
  consentAnswer,
  consentPage,
  readParams,
  redeemCode,
} from "../oauth.ts";
import type { SandboxState } from "../state.ts";

const invalidGrant =
  "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";

/**
 * Mastodon's app registration and Doorkeeper OAuth: POST /api/v1/apps, the RFC 8414 metadata
 * (Mastodon 4.3+), GET/POST /oauth/authorize, POST /oauth/token (client credentials in the
 * body or Basic; PKCE checked when the authorize request carried a challenge; tokens never
 * expire and come without a refresh token) and POST /oauth/revoke.
 */
export function mastodonOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  app.post("/api/v1/apps", async (c) => {
    const { fields, lists } = await readParams(c);
    if (!fields.client_name)
      return c.json({ error: "Validation failed: Application name can't be blank" }, 422);
    const redirectUris =
      lists.redirect_uris ?? (fields.redirect_uris ?? "").split(/\s+/).filter(Boolean);
    if (
      redirectUris.length === 0 ||
      redirectUris.some((uri) => !URL.canParse(uri) && uri !== "urn:ietf:wg:oauth:2.0:oob")
    ) {
      return c.json({ error: "Validation failed: Redirect URI must be an absolute URI." }, 422);
    }
    const clientId = randomBytes(32).toString("base64url");
    const clientSecret = randomBytes(32).toString("base64url");
    const scopes = (fields.scopes ?? "read").split(/\s+/).filter(Boolean);
    state.apps.set(clientId, { network: "mastodon", clientSecret, redirectUris, scopes });
    return c.json({
      id: String(state.apps.size),
      name: fields.client_name,
      website: fields.website ?? null,
      scopes,
      redirect_uri: redirectUris.join("\n"),
      redirect_uris: redirectUris,
      client_id: clientId,
      client_secret: clientSecret,
      client_secret_expires_at: 0,
      vapid_key:
        "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=",
    });
  });

  app.get("/.well-known/oauth-authorization-server", (c) => {
    const base = `${new URL(c.req.url).origin}/mastodon`;
    return c.json({
      issuer: `${base}/`,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      app_registration_endpoint: `${base}/api/v1/apps`,
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "client_credentials"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      scopes_supported: [
        "read",
        "write",
        "read:accounts",
        "read:statuses",
        "write:statuses",
        "write:media",
        "profile",
      ],
    });
  });

  app.get("/oauth/authorize", (c) => {
    const q = (name: string) => c.req.query(name);
    const registered = state.apps.get(q("client_id") ?? "");
    if (!registered)
      return authorizeRefused(c, "Client authentication failed due to unknown client.");
    if (q("response_type") !== "code")
      return authorizeRefused(c, "The authorization server does not support this response type.");
    if (!registered.redirectUris.includes(q("redirect_uri") ?? ""))
      return authorizeRefused(c, "The redirect uri included is not valid.");
    const scopes = (q("scope") ?? "read").split(/[ +]/).filter(Boolean);
    if (scopes.some((scope) => !registered.scopes.includes(scope)))
      return authorizeRefused(c, "The requested scope is invalid, unknown, or malformed.");
    if (q("code_challenge") && q("code_challenge_method") !== "S256")
      return authorizeRefused(c, "Invalid code challenge method.");
    return consentPage(c, { network: "Mastodon", appName: "Cadence", scopes });
  });
  app.post("/oauth/authorize", async (c) =>
    consentAnswer(c, state, "mastodon", (await readParams(c)).fields),
  );

  app.post("/oauth/token", async (c) => {
    const { fields } = await readParams(c);
    const client = authenticate(c, state, fields);
    if (!client) {
      return c.json(
        {
          error: "invalid_client",
          error_description:
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
        },
        401,
      );
    }
    if (fields.grant_type !== "authorization_code") {
      return c.json(
        {
          error: "unsupported_grant_type",
          error_description:
            "The authorization grant type is not supported by the authorization server.",
        },
        400,
      );
    }
    const grant = redeemCode(state, "mastodon", {
      code: fields.code,
      clientId: client,
      redirectUri: fields.redirect_uri,
      codeVerifier: fields.code_verifier,
    });
    if (!grant.ok) return c.json({ error: "invalid_grant", error_description: invalidGrant }, 400);
    const accessToken = state.issueToken({
      network: "mastodon",
      accountId: grant.accountId,
      clientId: client,
      scopes: grant.scopes,
      kind: "access",
    });
    return c.json({
      access_token: accessToken,
      token_type: "Bearer",
      scope: grant.scopes.join(" "),
      created_at: Math.floor(state.now() / 1000),
    });
  });

  app.post("/oauth/revoke", async (c) => {
    const { fields } = await readParams(c);
    const client = authenticate(c, state, fields);
    const token = state.tokens.get(fields.token ?? "");
    if (!client || (token && token.clientId !== client)) {
      return c.json(
        {
          error: "unauthorized_client",
          error_description: "You are not authorized to revoke this token",
        },
        403,
      );
    }
    if (token) token.revoked = true;
    return c.json({});
  });
}

function authenticate(
  c: Context,
  state: SandboxState,
  fields: Record<string, string>,
): string | undefined {
  const { clientId, clientSecret } = clientCredentials(c, fields);
  const app = state.apps.get(clientId ?? "");
  return app && app.clientSecret === clientSecret ? clientId : undefined;
}
