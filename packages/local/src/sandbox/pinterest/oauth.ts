import type { Context, Env, Hono } from "hono";
import { pinterestSandboxApp } from "../apps.ts";
import {
  authorizeRefused,
  clientCredentials,
  consentAnswer,
  consentPage,
  readParams,
  redeemCode,
} from "../oauth.ts";
import type { SandboxState } from "../state.ts";
import { pinterestError } from "./answers.ts";

export { pinterestSandboxApp };

/** Access tokens last 30 days; continuous refresh tokens 60 days, renewed on every refresh. */
const accessSeconds = 30 * 24 * 3600;
const refreshSeconds = 60 * 24 * 3600;

/**
 * Pinterest's OAuth (developers.pinterest.com/docs/getting-started/authentication): the consent
 * page at www.pinterest.com/oauth/ with comma-separated scopes, POST /v5/oauth/token with HTTP
 * Basic client credentials for authorization_code and refresh_token grants. Continuous refresh
 * tokens rotate. Refusals come in Pinterest's own `{code, message}` shape.
 */
export function pinterestOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  app.get("/oauth/", (c) => {
    const q = (name: string) => c.req.query(name);
    if (q("client_id") !== pinterestSandboxApp.clientId)
      return authorizeRefused(c, "Invalid client_id");
    if (q("response_type") !== "code") return authorizeRefused(c, "response_type must be code");
    if (!q("redirect_uri")) return authorizeRefused(c, "redirect_uri is required");
    return consentPage(c, {
      network: "Pinterest",
      appName: "Cadence",
      scopes: (q("scope") ?? "").split(","),
      details: "<p>Cadence will see your boards and create Pins on the one you choose.</p>",
    });
  });
  app.post("/oauth/", async (c) => {
    const { fields } = await readParams(c);
    return consentAnswer(c, state, "pinterest", {
      ...fields,
      scope: (fields.scope ?? "").replace(/,/g, " "),
    });
  });

  app.post("/v5/oauth/token", async (c) => {
    const { fields } = await readParams(c);
    const client = clientCredentials(c, fields);
    if (!c.req.header("authorization")?.toLowerCase().startsWith("basic ")) {
      return pinterestError(c, 401, 2, "Authentication failed.");
    }
    if (
      client.clientId !== pinterestSandboxApp.clientId ||
      client.clientSecret !== pinterestSandboxApp.clientSecret
    ) {
      return pinterestError(c, 401, 2, "Authentication failed.");
    }
    if (fields.grant_type === "authorization_code") {
      const grant = redeemCode(state, "pinterest", {
        code: fields.code,
        clientId: client.clientId,
        redirectUri: fields.redirect_uri,
        codeVerifier: fields.code_verifier,
      });
      if (!grant.ok) return pinterestError(c, 400, 283, "The authorization grant is invalid");
      return issue(c, state, grant.accountId, grant.scopes, "authorization_code");
    }
    if (fields.grant_type === "refresh_token") {
      const old = tokenOf(state, fields.refresh_token).token;
      if (
        old?.network !== "pinterest" ||
        old.kind !== "refresh" ||
        old.revoked ||
        (old.expiresAt ?? Infinity) < state.now()
      ) {
        return pinterestError(c, 400, 283, "The authorization grant is invalid");
      }
      old.revoked = true;
      return issue(c, state, old.accountId, old.scopes, "refresh_token");
    }
    return pinterestError(c, 400, 1, "grant_type is not supported");
  });
}

function issue(
  c: Context,
  state: SandboxState,
  accountId: string,
  scopes: string[],
  responseType: string,
) {
  const base = {
    network: "pinterest" as const,
    accountId,
    clientId: pinterestSandboxApp.clientId,
    scopes,
  };
  const refreshExpiresAt = state.now() + refreshSeconds * 1000;
  return c.json({
    access_token: `pina_${state.issueToken({ ...base, kind: "access", expiresAt: state.now() + accessSeconds * 1000 })}`,
    refresh_token: `pinr_${state.issueToken({ ...base, kind: "refresh", expiresAt: refreshExpiresAt })}`,
    response_type: responseType,
    token_type: "bearer",
    expires_in: accessSeconds,
    refresh_token_expires_in: refreshSeconds,
    refresh_token_expires_at: Math.floor(refreshExpiresAt / 1000),
    scope: scopes.join(","),
  });
}

/** Tokens go out with Pinterest's prefixes; the state knows them without. */
export function tokenOf(state: SandboxState, presented: string | undefined) {
  const bare = (presented ?? "").replace(/^pin[ar]_/, "");
  return { bare, token: state.tokens.get(bare) };
}
