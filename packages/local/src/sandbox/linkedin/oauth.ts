import { createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import { linkedInSandboxApp } from "../apps.ts";
import {
  authorizeRefused,
  clientCredentials,
  consentAnswer,
  consentPage,
  readParams,
  redeemCode,
} from "../oauth.ts";
import type { SandboxAccount, SandboxState } from "../state.ts";
import { oauthError } from "./problems.ts";

export { linkedInSandboxApp };

const accessSeconds = 60 * 24 * 3600;
const refreshSeconds = 365 * 24 * 3600;
let signingKey: { privateKey: KeyObject; kid: string } | undefined;

/** The member id LinkedIn shows as `sub` and in urn:li:person: opaque, not the account number. */
export function personId(account: SandboxAccount): string {
  return Buffer.from(account.id).toString("base64url");
}

export function accountOfPerson(state: SandboxState, id: string): SandboxAccount | undefined {
  return state.accountById("linkedin", Buffer.from(id, "base64url").toString("utf8"));
}

/**
 * LinkedIn's OAuth 2.0 (learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow
 * and sign-in-with-linkedin-v2): the consent page at /oauth/v2/authorization (no PKCE for web
 * apps), POST /oauth/v2/accessToken with client_id and client_secret in the body, answering a
 * 60-day access token, a 365-day refresh token whose lifetime does not restart on refresh,
 * comma-separated scopes and, with openid, an RS256 ID token (issuer …/oauth, keys at
 * /oauth/openid/jwks).
 */
export function linkedInOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  app.get("/oauth/v2/authorization", (c) => {
    const q = (name: string) => c.req.query(name);
    if (q("response_type") !== "code") return authorizeRefused(c, "response_type must be code");
    if (q("client_id") !== linkedInSandboxApp.clientId) {
      return authorizeRefused(c, "The passed in client_id is invalid");
    }
    if (!q("redirect_uri")) return authorizeRefused(c, "redirect_uri is required");
    return consentPage(c, {
      network: "LinkedIn",
      appName: "Cadence",
      scopes: (q("scope") ?? "").split(/[ ,]+/).filter(Boolean),
    });
  });
  app.post("/oauth/v2/authorization", async (c) =>
    consentAnswer(c, state, "linkedin", (await readParams(c)).fields),
  );

  app.post("/oauth/v2/accessToken", async (c) => {
    const { fields } = await readParams(c);
    const client = clientCredentials(c, fields);
    if (
      client.clientId !== linkedInSandboxApp.clientId ||
      client.clientSecret !== linkedInSandboxApp.clientSecret
    ) {
      return oauthError(c, 401, "invalid_client", "Client authentication failed");
    }
    if (fields.grant_type === "authorization_code") {
      const grant = redeemCode(state, "linkedin", {
        code: fields.code,
        clientId: client.clientId,
        redirectUri: fields.redirect_uri,
        codeVerifier: fields.code_verifier,
      });
      if (!grant.ok) {
        return oauthError(
          c,
          400,
          "invalid_request",
          "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.",
        );
      }
      const refresh = state.issueToken({
        network: "linkedin",
        accountId: grant.accountId,
        clientId: client.clientId,
        scopes: grant.scopes,
        kind: "refresh",
        expiresAt: state.now() + refreshSeconds * 1000,
      });
      return c.json(issue(c, state, grant.accountId, grant.scopes, refresh));
    }
    if (fields.grant_type === "refresh_token") {
      const old = state.tokens.get(fields.refresh_token ?? "");
      if (
        old?.network !== "linkedin" ||
        old.kind !== "refresh" ||
        old.revoked ||
        (old.expiresAt ?? 0) < state.now()
      ) {
        return oauthError(
          c,
          400,
          "invalid_request",
          "The provided authorization grant or refresh token is invalid, expired or revoked.",
        );
      }
      return c.json(issue(c, state, old.accountId, old.scopes, fields.refresh_token ?? ""));
    }
    return oauthError(c, 400, "unsupported_grant_type", "The grant_type is not supported");
  });

  app.get("/oauth/openid/jwks", (c) => {
    const key = keys();
    return c.json({
      keys: [
        {
          ...createPublicKey(key.privateKey).export({ format: "jwk" }),
          kid: key.kid,
          use: "sig",
          alg: "RS256",
        },
      ],
    });
  });
}

function issue(
  c: Context,
  state: SandboxState,
  accountId: string,
  scopes: string[],
  refreshToken: string,
) {
  const refresh = state.tokens.get(refreshToken);
  const access = state.issueToken({
    network: "linkedin",
    accountId,
    clientId: linkedInSandboxApp.clientId,
    scopes,
    kind: "access",
    expiresAt: state.now() + accessSeconds * 1000,
  });
  const account = state.accountById("linkedin", accountId);
  return {
    access_token: access,
    expires_in: accessSeconds,
    refresh_token: refreshToken,
    refresh_token_expires_in: Math.floor(
      ((refresh?.expiresAt ?? state.now()) - state.now()) / 1000,
    ),
    scope: scopes.join(","),
    token_type: "Bearer",
    ...(scopes.includes("openid") && account ? { id_token: idToken(c, account) } : {}),
  };
}

/** An RS256 ID token with the claims LinkedIn's OpenID Connect puts in it. */
function idToken(c: Context, account: SandboxAccount): string {
  const key = keys();
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = part({ alg: "RS256", kid: key.kid, typ: "JWT" });
  const claims = part({
    iss: `${new URL(c.req.url).origin}/linkedin/oauth`,
    aud: linkedInSandboxApp.clientId,
    iat: now,
    exp: now + 3600,
    sub: personId(account),
    name: account.displayName,
  });
  const signature = sign("sha256", Buffer.from(`${header}.${claims}`), key.privateKey);
  return `${header}.${claims}.${signature.toString("base64url")}`;
}

function keys(): { privateKey: KeyObject; kid: string } {
  signingKey ??= {
    privateKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
    kid: "sandbox-1",
  };
  return signingKey;
}
