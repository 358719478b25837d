import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { graphPermalink, readInsights } from "../kit/meta-graph.ts";
import { metaDialogUrl, metaToken } from "../kit/meta-oauth.ts";
import { handleMetaWebhook } from "../kit/meta-webhook.ts";
import { comparableText, isSince } from "../kit/reconcile.ts";
import { publishThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, TokenSet } from "../types.ts";
import { createThreadsApi, threadsName } from "./api.ts";
import { checkThreadsQuota, publishThreadsPost, type ThreadsTarget } from "./media.ts";
import { threadsEvents } from "./webhook.ts";

/** Read the profile, publish (replies included), read insights, manage replies. */
export const threadsScopes = [
  "threads_basic",
  "threads_content_publish",
  "threads_manage_insights",
  "threads_manage_replies",
];

const user = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  threads_profile_picture_url: z.string().optional(),
});
const recent = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      text: z.string().optional(),
      permalink: z.string().optional(),
      timestamp: z.string().optional(),
    }),
  ),
});

/** Media insights (developers.facebook.com/docs/threads/insights). */
const mediaInsights = ["views", "likes", "replies", "reposts", "quotes", "shares"];

/**
 * Threads through the Threads API: its own OAuth (threads.net/oauth/authorize, no PKCE), the
 * short-lived token exchanged for a 60-day one (th_exchange_token) and refreshed with
 * th_refresh_token; posts, carousels and reply chains through media containers; media insights;
 * Threads webhooks with the uninstall callback.
 */
export function createThreads(config: NetworkConfig): Network {
  const th = createThreadsApi(config);
  const readMe = async (accessToken: string) =>
    parseBody(
      threadsName,
      "read profile",
      user,
      await th.http.json({
        operation: "read profile",
        url: th.url("/me"),
        query: { fields: "id,username,name,threads_profile_picture_url" },
        bearer: accessToken,
      }),
    );
  const target = (tokens: TokenSet, accountId: string): ThreadsTarget => ({
    th,
    accessToken: tokens.accessToken,
    userId: accountId || (tokens.context?.userId ?? "me"),
  });

  return {
    id: "threads",
    displayName: "Threads",
    connect: {
      method: "oauth",
      authorizationUrl: async (input) =>
        metaDialogUrl(th.authorizeUrl, {
          clientId: config.clientId,
          redirectUri: config.redirectUri,
          state: input.state,
          scopes: input.scopes ?? threadsScopes,
        }),
      async exchangeCode(input) {
        const short = await metaToken(th.http, threadsName, {
          operation: "connect",
          url: `${th.host}/oauth/access_token`,
          form: {
            client_id: config.clientId,
            client_secret: config.clientSecret,
            grant_type: "authorization_code",
            redirect_uri: config.redirectUri,
            code: input.code,
          },
        });
        const long = await metaToken(th.http, threadsName, {
          operation: "connect",
          url: `${th.host}/access_token`,
          query: {
            grant_type: "th_exchange_token",
            client_secret: config.clientSecret,
            access_token: short.tokens.accessToken,
          },
        });
        const me = await readMe(long.tokens.accessToken);
        return {
          ...long.tokens,
          scopes: long.tokens.scopes ?? short.tokens.scopes,
          context: { userId: me.id, username: me.username },
        };
      },
      async refresh(tokens) {
        const next = await metaToken(th.http, threadsName, {
          operation: "refresh token",
          url: `${th.host}/refresh_access_token`,
          query: { grant_type: "th_refresh_token", access_token: tokens.accessToken },
        });
        return { ...next.tokens, scopes: tokens.scopes, context: tokens.context };
      },
    },

    async profile(tokens) {
      const me = await readMe(tokens.accessToken);
      return {
        externalId: me.id,
        handle: me.username,
        displayName: me.name || me.username,
        avatarUrl: me.threads_profile_picture_url,
        profileUrl: th.profileUrl(me.username),
      };
    },

    async publish(input) {
      const to = target(input.tokens, input.accountId);
      await checkThreadsQuota(to);
      const result = await publishThread<string>(
        threadsName,
        input,
        (part, replyTo) => publishThreadsPost(to, part, replyTo?.parent),
        (head, children) => ({ externalId: head, url: "", childIds: children }),
      );
      const url = await graphPermalink(th.http, {
        url: th.url(`/${result.externalId}`),
        field: "permalink",
        bearer: to.accessToken,
        fallback: th.profileUrl(input.tokens.context?.username ?? ""),
      });
      return { ...result, url };
    },

    async findPost(input) {
      const to = target(input.tokens, input.accountId);
      const wanted = comparableText(input.text);
      const body = parseBody(
        threadsName,
        "find post",
        recent,
        await th.http.json({
          operation: "find post",
          url: th.url(`/${to.userId}/threads`),
          query: {
            fields: "id,text,permalink,timestamp",
            since: Math.floor(Date.parse(input.since) / 1000),
            limit: 50,
          },
          bearer: to.accessToken,
        }),
      );
      const found = body.data.find(
        (post) =>
          (post.timestamp === undefined || isSince(post.timestamp, input.since)) &&
          comparableText(post.text ?? "") === wanted,
      );
      return found ? { externalId: found.id, url: found.permalink ?? "" } : undefined;
    },

    async metrics(input) {
      const insights = readInsights(
        threadsName,
        "read metrics",
        await th.http.json({
          operation: "read metrics",
          url: th.url(`/${input.externalId}/insights`),
          query: { metric: mediaInsights.join(",") },
          bearer: input.tokens.accessToken,
        }),
      );
      const shared = [insights.reposts, insights.quotes, insights.shares];
      return {
        impressions: insights.views,
        likes: insights.likes,
        comments: insights.replies,
        shares: shared.every((n) => n === undefined)
          ? undefined
          : shared.reduce<number>((sum, n) => sum + (n ?? 0), 0),
      };
    },

    webhook: async (request) =>
      handleMetaWebhook(
        {
          appSecret: config.webhookSecret ?? config.clientSecret,
          verifyToken: config.webhookVerifyToken,
          events: threadsEvents,
        },
        request,
      ),
  };
}
