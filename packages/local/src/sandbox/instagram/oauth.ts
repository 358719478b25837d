import type { Env, Hono } from "hono";
import { instagramSandboxApp } from "../apps.ts";
import {
  issueMetaToken,
  type MetaApp,
  metaClient,
  metaDialogRoutes,
  renewMetaToken,
} from "../meta/dialog.ts";
import { shortLivedSeconds } from "../meta/graph.ts";
import { readParams, redeemCode } from "../oauth.ts";
import type { SandboxState } from "../state.ts";

export { instagramSandboxApp };

const apps: MetaApp[] = [instagramSandboxApp];

/**
 * Business Login for Instagram (developers.facebook.com/docs/instagram-platform/instagram-api-
 * with-instagram-login/business-login): the dialog at www.instagram.com/oauth/authorize; POST
 * api.instagram.com/oauth/access_token (client_id, client_secret, grant_type=authorization_code,
 * redirect_uri, code) answers `{data: [{access_token, user_id, permissions}]}` for an hour, or
 * `{error_type, code, error_message}`; GET graph.instagram.com/access_token with
 * grant_type=ig_exchange_token answers a 60-day token; GET /refresh_access_token with
 * grant_type=ig_refresh_token renews a long-lived one.
 */
export function instagramOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  metaDialogRoutes(app, "/www/oauth/authorize", state, "instagram", {
    networkName: "Instagram",
    apps,
  });

  app.post("/api/oauth/access_token", async (c) => {
    const { fields } = await readParams(c);
    const refuse = (message: string) =>
      c.json({ error_type: "OAuthException", code: 400, error_message: message }, 400);
    const client = metaClient(apps, fields.client_id, fields.client_secret);
    if (!client) return refuse("Invalid platform app");
    if (fields.grant_type !== "authorization_code") return refuse("Unsupported grant_type");
    const grant = redeemCode(state, "instagram", {
      code: fields.code,
      clientId: client.clientId,
      redirectUri: fields.redirect_uri,
    });
    if (!grant.ok)
      return refuse(
        "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
      );
    const accessToken = issueMetaToken(
      state,
      "instagram",
      { accountId: grant.accountId, scopes: grant.scopes, clientId: client.clientId },
      shortLivedSeconds,
    );
    return c.json({
      data: [
        {
          access_token: accessToken,
          user_id: grant.accountId,
          permissions: grant.scopes.join(","),
        },
      ],
    });
  });

  app.get(
    "/graph/access_token",
    renewMetaToken(state, "instagram", apps, "ig_exchange_token", true),
  );
  app.get(
    "/graph/refresh_access_token",
    renewMetaToken(state, "instagram", apps, "ig_refresh_token", false),
  );
}
