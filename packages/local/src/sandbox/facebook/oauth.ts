import type { Context, Env, Hono } from "hono";
import { facebookSandboxApp } from "../apps.ts";
import {
  issueMetaToken,
  type MetaApp,
  metaClient,
  metaDialogRoutes,
  redeemMetaCode,
} from "../meta/dialog.ts";
import { graphError, graphForm, longLivedSeconds, shortLivedSeconds } from "../meta/graph.ts";
import type { SandboxState } from "../state.ts";

export { facebookSandboxApp };

const apps: MetaApp[] = [facebookSandboxApp];

/**
 * Facebook Login (developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow): the
 * dialog at /{version}/dialog/oauth on www, and GET (or POST) /{version}/oauth/access_token on
 * graph: with `code` it answers a short-lived user token; with grant_type=fb_exchange_token and a
 * short-lived token, a long-lived one (60 days). Both take client_id and client_secret.
 */
export function facebookOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  metaDialogRoutes(app, "/www/:version/dialog/oauth", state, "facebook", {
    networkName: "Facebook",
    apps,
  });
  const tokenEndpoint = async (c: Context) => {
    const fields = await graphForm(c);
    const client = metaClient(apps, fields.client_id, fields.client_secret);
    if (!client) {
      return graphError(c, 400, { message: "Error validating client secret.", code: 1 });
    }
    if (fields.grant_type === "fb_exchange_token") {
      const old = state.tokens.get(fields.fb_exchange_token ?? "");
      if (old?.network !== "facebook" || old.revoked || (old.expiresAt ?? 0) < state.now()) {
        return graphError(c, 400, {
          message: "Error validating access token: Session has expired.",
          code: 190,
          subcode: 463,
        });
      }
      const grant = { accountId: old.accountId, scopes: old.scopes, clientId: client.clientId };
      return c.json({
        access_token: issueMetaToken(state, "facebook", grant, longLivedSeconds),
        token_type: "bearer",
        expires_in: longLivedSeconds,
      });
    }
    const grant = redeemMetaCode(c, state, "facebook", {
      code: fields.code,
      clientId: client.clientId,
      redirectUri: fields.redirect_uri,
    });
    if (grant instanceof Response) return grant;
    return c.json({
      access_token: issueMetaToken(
        state,
        "facebook",
        { ...grant, clientId: client.clientId },
        shortLivedSeconds,
      ),
      token_type: "bearer",
      expires_in: shortLivedSeconds,
    });
  };
  app.get("/graph/:version/oauth/access_token", tokenEndpoint);
  app.post("/graph/:version/oauth/access_token", tokenEndpoint);
}
