import * as z from "zod";
import { errorFromResponse, isNetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import {
  authorizationUrl,
  exchangeCode,
  type OAuthProvider,
  refreshTokens,
  revokeToken,
} from "../kit/oauth.ts";
import { comparableText, oldestFirst } from "../kit/reconcile.ts";
import { publishThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, PostMetrics, TokenSet } from "../types.ts";
import { createXApi, type XApi, xName } from "./api.ts";
import { readXError } from "./errors.ts";
import { uploadXMedia } from "./media.ts";
import { handleXWebhook } from "./webhook.ts";

/** offline.access yields a refresh token; media.write allows the v2 media upload. */
export const xScopes = ["tweet.read", "tweet.write", "users.read", "offline.access", "media.write"];

const user = z.object({
  data: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    profile_image_url: z.string().optional(),
    public_metrics: z
      .object({
        followers_count: z.number().optional(),
        following_count: z.number().optional(),
        tweet_count: z.number().optional(),
      })
      .optional(),
  }),
});
const created = z.object({ data: z.object({ id: z.string() }) });
const metricsBody = z.object({
  data: z
    .object({
      public_metrics: z.record(z.string(), z.number()).optional(),
      non_public_metrics: z.record(z.string(), z.number()).optional(),
    })
    .optional(),
  errors: z
    .array(
      z.object({
        detail: z.string().optional(),
        title: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
});
const timeline = z.object({
  data: z
    .array(
      z.object({
        id: z.string(),
        text: z.string(),
        created_at: z.string().optional(),
        in_reply_to_user_id: z.string().optional(),
      }),
    )
    .optional(),
});

/** X through API v2 with OAuth 2.0 (authorization code + PKCE, confidential client). */
export function createX(config: NetworkConfig): Network {
  const x = createXApi(config);
  const provider: OAuthProvider = {
    ...xName,
    authorizationEndpoint: x.authorizeUrl,
    tokenEndpoint: x.url("/2/oauth2/token"),
    revocationEndpoint: x.url("/2/oauth2/revoke"),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clientAuth: "basic",
    redirectUri: config.redirectUri,
    readError: readXError,
    // X answers a revoked or used token or code with invalid_request, not invalid_grant.
    grantGone: (code, detail) =>
      code === "invalid_request" && /token|authorization code/i.test(detail),
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
  };

  /** The account's posts since a time, newest first (GET /2/users/:id/tweets). */
  async function tweetsSince(
    input: { tokens: TokenSet; accountId: string; since: string },
    operation: string,
  ) {
    const body = parseBody(
      xName,
      operation,
      timeline,
      await x.http.json({
        operation,
        url: x.url(`/2/users/${input.accountId}/tweets`),
        query: {
          start_time: input.since,
          max_results: 100,
          "tweet.fields": "created_at,in_reply_to_user_id",
        },
        bearer: input.tokens.accessToken,
      }),
    );
    return body.data ?? [];
  }

  async function me(tokens: TokenSet, fields = "profile_image_url") {
    return parseBody(
      xName,
      "read profile",
      user,
      await x.http.json({
        operation: "read profile",
        url: x.url("/2/users/me"),
        query: { "user.fields": fields },
        bearer: tokens.accessToken,
      }),
    );
  }

  return {
    id: "x",
    displayName: "X",
    connect: {
      method: "oauth",
      authorizationUrl: (input) =>
        authorizationUrl(provider, { ...input, scopes: input.scopes ?? xScopes }),
      async exchangeCode(input) {
        const tokens = await exchangeCode(provider, input);
        // Keep who this is beside the token: post URLs need the username.
        const { data } = await me(tokens);
        return { ...tokens, context: { userId: data.id, username: data.username } };
      },
      refresh: (tokens) => refreshTokens(provider, tokens),
      async revoke(tokens) {
        // Revoking the refresh token ends the whole grant; the access token dies with it.
        if (tokens.refreshToken) await revokeToken(provider, tokens.refreshToken, "refresh_token");
        await revokeToken(provider, tokens.accessToken, "access_token");
      },
    },

    async profile(tokens) {
      const { data } = await me(tokens);
      return {
        externalId: data.id,
        handle: data.username,
        displayName: data.name,
        avatarUrl: data.profile_image_url,
        profileUrl: x.profileUrl(data.username),
      };
    },

    // GET /2/users/me with public_metrics: followers, following and tweets (listed and likes
    // are left out). The per-user limit (75 per 15 minutes) is far above one call a day.
    async accountMetrics(input) {
      const counts = (await me(input.tokens, "public_metrics")).data.public_metrics;
      return {
        followers: counts?.followers_count,
        following: counts?.following_count,
        posts: counts?.tweet_count,
      };
    },

    async publish(input) {
      const username = input.tokens.context?.username ?? (await me(input.tokens)).data.username;
      return publishThread<string>(
        xName,
        input,
        async (part, replyTo) => {
          const mediaIds: string[] = [];
          for (const item of part.media)
            mediaIds.push(await uploadXMedia(x, input.tokens.accessToken, item));
          return postTweet(x, input.tokens.accessToken, {
            text: part.text,
            ...(mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}),
            ...(replyTo ? { reply: { in_reply_to_tweet_id: replyTo.parent } } : {}),
          });
        },
        (head, children) => ({
          externalId: head,
          url: x.postUrl(username, head),
          childIds: children,
        }),
      );
    },

    async findPost(input) {
      const wanted = comparableText(input.text);
      const found = (await tweetsSince(input, "find post")).find(
        (tweet) => comparableText(tweet.text) === wanted,
      );
      if (!found) return undefined;
      const username = input.tokens.context?.username ?? (await me(input.tokens)).data.username;
      return { externalId: found.id, url: x.postUrl(username, found.id) };
    },

    async recentPosts(input) {
      const tweets = (await tweetsSince(input, "list posts")).filter(
        (tweet) => !tweet.in_reply_to_user_id,
      );
      if (tweets.length === 0) return [];
      const username = input.tokens.context?.username ?? (await me(input.tokens)).data.username;
      // The timeline gives no downloadable media URLs without the media expansion; text and link.
      return oldestFirst(
        tweets.map((tweet) => ({
          externalId: tweet.id,
          url: x.postUrl(username, tweet.id),
          text: tweet.text,
          createdAt: tweet.created_at ?? input.since,
          media: [],
        })),
      );
    },

    async metrics(input) {
      const read = async (fields: string) =>
        parseBody(
          xName,
          "read metrics",
          metricsBody,
          await x.http.json({
            operation: "read metrics",
            url: x.url(`/2/tweets/${input.externalId}`),
            query: { "tweet.fields": fields },
            bearer: input.tokens.accessToken,
          }),
        );
      // X gives non_public_metrics only to the author and only for 30 days; after that, or
      // for a post by someone else, ask for the public ones alone.
      const body = await read("public_metrics,non_public_metrics").catch((error: unknown) => {
        if (isNetworkError(error) && error.kind === "permanent" && error.status !== 404) {
          return read("public_metrics");
        }
        throw error;
      });
      // X answers 200 with only `errors` for a deleted or unknown post.
      if (!body.data) throw errorFromResponse(xName, "read metrics", 404, readXError(body, 404));
      return toMetrics(body.data.public_metrics ?? {}, body.data.non_public_metrics ?? {});
    },

    webhook: async (request) =>
      handleXWebhook(config.webhookSecret ?? config.clientSecret, request),
  };
}

async function postTweet(
  x: XApi,
  accessToken: string,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await x.http.json({
    operation: "publish",
    url: x.url("/2/tweets"),
    bearer: accessToken,
    json: body,
  });
  return parseBody(xName, "publish", created, response).data.id;
}

/**
 * public_metrics: like/reply/retweet/quote/bookmark/impression counts; non_public_metrics (the
 * owner, posts under 30 days): impression_count, url_link_clicks. Reach and saves-by-others are
 * not reported by X and stay undefined.
 */
function toMetrics(open: Record<string, number>, owner: Record<string, number>): PostMetrics {
  const shares =
    open.retweet_count === undefined ? undefined : open.retweet_count + (open.quote_count ?? 0);
  return {
    impressions: owner.impression_count ?? open.impression_count,
    likes: open.like_count,
    comments: open.reply_count,
    shares,
    saves: open.bookmark_count,
    clicks: owner.url_link_clicks,
  };
}
