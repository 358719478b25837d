import type { Context, Env, Hono } from "hono";
import { authorizeRefused, consentAnswer, consentPage, readParams, redeemCode } from "../oauth.ts";
import type { SandboxNetwork, SandboxState } from "../state.ts";
import { graphError, graphForm, longLivedSeconds } from "./graph.ts";

/** A Meta app the sandbox knows: what sandboxConfig hands to the adapter. */
export interface MetaApp {
  clientId: string;
  clientSecret: string;
}

/**
 * A Meta login dialog (Facebook Login, Business Login for Instagram, Threads): client_id of a
 * known app, redirect_uri, response_type=code and comma-separated scopes; Authorize sends a code
 * and the state back, Cancel sends error=access_denied. No PKCE, as for server-side web apps.
 */
export function metaDialogRoutes<E extends Env>(
  app: Hono<E>,
  path: string,
  state: SandboxState,
  network: SandboxNetwork,
  input: { networkName: string; apps: MetaApp[]; details?: (c: Context) => string },
): void {
  app.get(path, (c) => {
    const q = (name: string) => c.req.query(name);
    if (!input.apps.some((known) => known.clientId === q("client_id"))) {
      return authorizeRefused(
        c,
        "Invalid App ID: the provided app ID does not look like a valid app ID.",
      );
    }
    if (!q("redirect_uri")) return authorizeRefused(c, "redirect_uri is required");
    if (q("response_type") !== "code") return authorizeRefused(c, "response_type must be code");
    return consentPage(c, {
      network: input.networkName,
      appName: "Cadence",
      scopes: (q("scope") ?? "").split(/[ ,]+/).filter(Boolean),
      details: input.details?.(c),
    });
  });
  app.post(path, async (c) => {
    const { fields } = await readParams(c);
    return consentAnswer(c, state, network, {
      ...fields,
      scope: (fields.scope ?? "").replace(/,/g, " "),
    });
  });
}

/** The app named by client_id and client_secret, if both are right. */
export function metaClient(
  apps: MetaApp[],
  clientId: string | undefined,
  clientSecret: string | undefined,
): MetaApp | undefined {
  return apps.find((known) => known.clientId === clientId && known.clientSecret === clientSecret);
}

/**
 * Redeems a dialog code for an account: Meta answers a bad, used or foreign code with
 * OAuthException 100 (subcode 36007 expired, 36009 used).
 */
export function redeemMetaCode(
  c: Context,
  state: SandboxState,
  network: SandboxNetwork,
  input: { code?: string; clientId?: string; redirectUri?: string },
): { accountId: string; scopes: string[] } | Response {
  const grant = redeemCode(state, network, input);
  if (!grant.ok) {
    return graphError(c, 400, {
      message:
        grant.reason === "redirect_mismatch"
          ? "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request"
          : "This authorization code has expired or has been used.",
      code: 100,
      subcode: grant.reason === "unknown_code" ? 36007 : 36008,
    });
  }
  return { accountId: grant.accountId, scopes: grant.scopes };
}

/** A user token for an account; `seconds` undefined means it does not expire. */
export function issueMetaToken(
  state: SandboxState,
  network: SandboxNetwork,
  grant: { accountId: string; scopes: string[]; clientId: string },
  seconds: number | undefined,
): string {
  return state.issueToken({
    network,
    accountId: grant.accountId,
    clientId: grant.clientId,
    scopes: grant.scopes,
    kind: "access",
    expiresAt: seconds === undefined ? undefined : state.now() + seconds * 1000,
  });
}

/**
 * Instagram's and Threads' long-lived tokens: GET /access_token with the exchange grant
 * (`ig_exchange_token`, `th_exchange_token`) and the app secret turns a live short-lived token
 * into a 60-day one; GET /refresh_access_token with the refresh grant renews a live one.
 */
export function renewMetaToken(
  state: SandboxState,
  network: SandboxNetwork,
  apps: MetaApp[],
  grantType: string,
  needsSecret: boolean,
) {
  return async (c: Context) => {
    const fields = await graphForm(c);
    if (fields.grant_type !== grantType) {
      return graphError(c, 400, { message: `grant_type must be ${grantType}`, code: 100 });
    }
    if (needsSecret && !apps.some((known) => known.clientSecret === fields.client_secret)) {
      return graphError(c, 400, { message: "Error validating client secret.", code: 1 });
    }
    const old = state.tokens.get(fields.access_token ?? "");
    if (old?.network !== network || old.revoked || (old.expiresAt ?? 0) < state.now()) {
      return graphError(c, 400, {
        message: "Error validating access token: Session has expired.",
        code: 190,
        subcode: 463,
      });
    }
    const grant = { accountId: old.accountId, scopes: old.scopes, clientId: old.clientId };
    return c.json({
      access_token: issueMetaToken(state, network, grant, longLivedSeconds),
      token_type: "bearer",
      expires_in: longLivedSeconds,
    });
  };
}
