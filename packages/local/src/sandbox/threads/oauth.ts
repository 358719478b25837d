import type { Env, Hono } from "hono";
import { threadsSandboxApp } from "../apps.ts";
import {
  issueMetaToken,
  type MetaApp,
  metaClient,
  metaDialogRoutes,
  redeemMetaCode,
  renewMetaToken,
} from "../meta/dialog.ts";
import { graphError, graphForm, shortLivedSeconds } from "../meta/graph.ts";
import type { SandboxState } from "../state.ts";

export { threadsSandboxApp };

const apps: MetaApp[] = [threadsSandboxApp];

/**
 * Threads' OAuth (developers.facebook.com/docs/threads/get-started/get-access-tokens-and-
 * permissions): the dialog at threads.net/oauth/authorize; POST graph.threads.net/oauth/
 * access_token (client_id, client_secret, code, grant_type=authorization_code, redirect_uri)
 * answers `{access_token, user_id}` for an hour; GET /access_token with
 * grant_type=th_exchange_token and the client secret answers a 60-day token; GET
 * /refresh_access_token with grant_type=th_refresh_token renews it.
 */
export function threadsOAuthRoutes<E extends Env>(app: Hono<E>, state: SandboxState): void {
  metaDialogRoutes(app, "/www/oauth/authorize", state, "threads", {
    networkName: "Threads",
    apps,
  });

  app.post("/graph/oauth/access_token", async (c) => {
    const fields = await graphForm(c);
    const client = metaClient(apps, fields.client_id, fields.client_secret);
    if (!client) return graphError(c, 400, { message: "Error validating client secret.", code: 1 });
    if (fields.grant_type !== "authorization_code") {
      return graphError(c, 400, { message: "Unsupported grant_type", code: 100 });
    }
    const grant = redeemMetaCode(c, state, "threads", {
      code: fields.code,
      clientId: client.clientId,
      redirectUri: fields.redirect_uri,
    });
    if (grant instanceof Response) return grant;
    const accessToken = issueMetaToken(
      state,
      "threads",
      { ...grant, clientId: client.clientId },
      shortLivedSeconds,
    );
    return c.json({ access_token: accessToken, user_id: Number(grant.accountId) });
  });

  app.get("/graph/access_token", renewMetaToken(state, "threads", apps, "th_exchange_token", true));
  app.get(
    "/graph/refresh_access_token",
    renewMetaToken(state, "threads", apps, "th_refresh_token", false),
  );
}
