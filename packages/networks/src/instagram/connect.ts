import * as z from "zod";
import { NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { metaDialogUrl, metaToken } from "../kit/meta-oauth.ts";
import type { NetworkConfig, OAuthConnect, TokenSet } from "../types.ts";
import { type InstagramApi, type InstagramLogin, instagramName, loginOf } from "./api.ts";

/** Business Login for Instagram: the account itself, no Facebook Page needed. */
export const instagramLoginScopes = [
  "instagram_business_basic",
  "instagram_business_content_publish",
  "instagram_business_manage_comments",
  "instagram_business_manage_insights",
];
/** Facebook Login: the Instagram business accounts connected to the person's Pages. */
export const instagramFacebookScopes = [
  "instagram_basic",
  "instagram_content_publish",
  "instagram_manage_comments",
  "instagram_manage_insights",
  "pages_show_list",
  "pages_read_engagement",
];

const igUser = z.object({
  id: z.string(),
  user_id: z.union([z.string(), z.number()]).optional(),
  username: z.string(),
  name: z.string().optional(),
  profile_picture_url: z.string().optional(),
});
export type InstagramUser = z.infer<typeof igUser>;
const fbUser = z.object({ id: z.string(), name: z.string() });

/**
 * Which app to use for a login: `clientId`/`clientSecret` are the Instagram app (Business Login);
 * `clientFor("facebook")` gives the Facebook app when it differs.
 */
async function appFor(config: NetworkConfig, login: InstagramLogin) {
  if (login === "facebook" && config.clientFor) return config.clientFor("facebook");
  return { clientId: config.clientId, clientSecret: config.clientSecret };
}

/**
 * Instagram's two ways in, chosen with `server`: "instagram" (the default: Business Login for
 * Instagram at www.instagram.com/oauth/authorize, the code exchanged at api.instagram.com and
 * the short-lived token at graph.instagram.com for a 60-day one, refreshed with
 * ig_refresh_token) or "facebook" (Facebook Login, then the Instagram business accounts linked to
 * the person's Pages, each posting with its Page's token, which does not expire).
 */
export function instagramConnect(config: NetworkConfig, ig: InstagramApi): OAuthConnect {
  const login = (server: string | undefined): InstagramLogin =>
    server === "facebook" ? "facebook" : "instagram";
  return {
    method: "oauth",
    async authorizationUrl(input) {
      const how = login(input.server);
      const app = await appFor(config, how);
      return metaDialogUrl(how === "facebook" ? ig.facebookDialogUrl : ig.authorizeUrl, {
        clientId: app.clientId,
        redirectUri: config.redirectUri,
        state: input.state,
        scopes:
          input.scopes ?? (how === "facebook" ? instagramFacebookScopes : instagramLoginScopes),
      });
    },
    async exchangeCode(input): Promise<TokenSet> {
      const how = login(input.server);
      const app = await appFor(config, how);
      if (how === "facebook") {
        const short = await metaToken(ig.http, instagramName, {
          operation: "connect",
          url: ig.graph("facebook", "/oauth/access_token"),
          query: {
            client_id: app.clientId,
            client_secret: app.clientSecret,
            redirect_uri: config.redirectUri,
            code: input.code,
          },
        });
        const long = await metaToken(ig.http, instagramName, {
          operation: "connect",
          url: ig.graph("facebook", "/oauth/access_token"),
          query: {
            grant_type: "fb_exchange_token",
            client_id: app.clientId,
            client_secret: app.clientSecret,
            fb_exchange_token: short.tokens.accessToken,
          },
        });
        const user = await readFacebookUser(ig, long.tokens.accessToken);
        const context: Record<string, string> = { login: "facebook", userId: user.id };
        return { ...long.tokens, context: { ...context, name: user.name } };
      }
      const short = await metaToken(ig.http, instagramName, {
        operation: "connect",
        url: ig.tokenUrl,
        form: {
          client_id: app.clientId,
          client_secret: app.clientSecret,
          grant_type: "authorization_code",
          redirect_uri: config.redirectUri,
          code: input.code,
        },
      });
      const long = await metaToken(ig.http, instagramName, {
        operation: "connect",
        url: `${ig.instagramHost}/access_token`,
        query: {
          grant_type: "ig_exchange_token",
          client_secret: app.clientSecret,
          access_token: short.tokens.accessToken,
        },
      });
      const user = await readInstagramUser(ig, "instagram", long.tokens.accessToken);
      return {
        ...long.tokens,
        scopes: long.tokens.scopes ?? short.tokens.scopes,
        context: { login: "instagram", userId: igUserId(user), username: user.username },
      };
    },
    async refresh(tokens) {
      if (loginOf(tokens) === "facebook") {
        // Page tokens from a long-lived user token do not expire; a user token cannot be renewed.
        if (tokens.expiresAt === undefined) return tokens;
        throw new NetworkError({
          network: "instagram",
          kind: "auth",
          operation: "refresh token",
          code: "no_refresh",
          detail: "Facebook user tokens cannot be refreshed",
          userMessage:
            "Instagram access through Facebook has expired and cannot be renewed automatically. Reconnect the account.",
        });
      }
      const next = await metaToken(ig.http, instagramName, {
        operation: "refresh token",
        url: `${ig.instagramHost}/refresh_access_token`,
        query: { grant_type: "ig_refresh_token", access_token: tokens.accessToken },
      });
      return {
        ...next.tokens,
        scopes: next.tokens.scopes ?? tokens.scopes,
        context: tokens.context,
      };
    },
  };
}

export async function readInstagramUser(
  ig: InstagramApi,
  login: InstagramLogin,
  accessToken: string,
  id = "me",
): Promise<InstagramUser> {
  return parseBody(
    instagramName,
    "read profile",
    igUser,
    await ig.http.json({
      operation: "read profile",
      url: ig.graph(login, `/${id}`),
      query: {
        fields:
          login === "instagram"
            ? "id,user_id,username,name,profile_picture_url"
            : "id,username,name,profile_picture_url",
      },
      bearer: accessToken,
    }),
  );
}

export async function readFacebookUser(ig: InstagramApi, accessToken: string) {
  return parseBody(
    instagramName,
    "read profile",
    fbUser,
    await ig.http.json({
      operation: "read profile",
      url: ig.graph("facebook", "/me"),
      query: { fields: "id,name" },
      bearer: accessToken,
    }),
  );
}

/** The professional account's id, which publishing takes; `id` is app-scoped under Instagram Login. */
export function igUserId(user: InstagramUser): string {
  return user.user_id === undefined ? user.id : String(user.user_id);
}

/** What the caller stores for an account reached through Facebook Login. */
export function pageAccountTokens(pageToken: string, pageId: string, igId: string): TokenSet {
  return { accessToken: pageToken, context: { login: "facebook", pageId, userId: igId } };
}
