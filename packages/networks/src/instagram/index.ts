import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { graphPermalink, readInsights } from "../kit/meta-graph.ts";
import { handleMetaWebhook } from "../kit/meta-webhook.ts";
import { comparableText, isSince } from "../kit/reconcile.ts";
import { publishThread, refuseThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, TokenSet } from "../types.ts";
import { createInstagramApi, type InstagramApi, instagramName, loginOf } from "./api.ts";
import {
  igUserId,
  instagramConnect,
  pageAccountTokens,
  readFacebookUser,
  readInstagramUser,
} from "./connect.ts";
import { type InstagramTarget, publishMedia } from "./media.ts";
import { instagramPostType } from "./rules.ts";
import { instagramEvents } from "./webhook.ts";

const pages = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      access_token: z.string(),
      instagram_business_account: z
        .object({ id: z.string(), username: z.string().optional() })
        .optional(),
    }),
  ),
});
const created = z.object({ id: z.string() });
const recent = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      caption: z.string().optional(),
      permalink: z.string().optional(),
      timestamp: z.string().optional(),
    }),
  ),
});

/**
 * Media insights since Meta replaced impressions and plays with `views` (v22.0, all versions from
 * 21 April 2025): views, reach, likes, comments, saved, shares.
 */
const mediaInsights = ["views", "reach", "likes", "comments", "saved", "shares"];

/**
 * Instagram professional accounts through Business Login for Instagram or through Facebook Login
 * (see connect.ts): feed images, reels, stories and carousels with the container flow, a first
 * comment on the published media, media insights, and Instagram webhooks.
 */
export function createInstagram(config: NetworkConfig): Network {
  const ig = createInstagramApi(config);
  const target = (tokens: TokenSet, accountId: string): InstagramTarget => ({
    ig,
    login: loginOf(tokens),
    accessToken: tokens.accessToken,
    userId: accountId || (tokens.context?.userId ?? ""),
    username: tokens.context?.username,
  });

  return {
    id: "instagram",
    displayName: "Instagram",
    connect: instagramConnect(config, ig),

    async profile(tokens) {
      const login = loginOf(tokens);
      // A Facebook user token stands for the person and their Pages; any other for one account.
      if (login === "facebook" && !tokens.context?.pageId) return facebookProfile(ig, tokens);
      const id = login === "facebook" ? (tokens.context?.userId ?? "me") : "me";
      const user = await readInstagramUser(ig, login, tokens.accessToken, id);
      return {
        externalId: igUserId(user),
        handle: user.username,
        displayName: user.name ?? user.username,
        avatarUrl: user.profile_picture_url,
        profileUrl: ig.profileUrl(user.username),
      };
    },

    async publish(input) {
      const to = target(input.tokens, input.accountId);
      const type = instagramPostType(input) ?? "feed";
      refuseThread(instagramName, input);
      return publishThread<string>(
        instagramName,
        input,
        async (part, replyTo) => {
          if (!replyTo) return publishMedia(to, type, part.text, part.media);
          const comment = await ig.http.json({
            operation: "publish first comment",
            url: ig.graph(to.login, `/${replyTo.root}/comments`),
            bearer: to.accessToken,
            form: { message: part.text },
          });
          return parseBody(instagramName, "publish first comment", created, comment).id;
        },
        (head, children) => ({ externalId: head, url: "", childIds: children }),
      ).then(async (result) => ({
        ...result,
        url: await graphPermalink(ig.http, {
          url: ig.graph(to.login, `/${result.externalId}`),
          field: "permalink",
          bearer: to.accessToken,
          fallback: ig.profileUrl(to.username ?? ""),
        }),
      }));
    },

    async findPost(input) {
      const to = target(input.tokens, input.accountId);
      const wanted = comparableText(input.text);
      const body = parseBody(
        instagramName,
        "find post",
        recent,
        await ig.http.json({
          operation: "find post",
          url: ig.graph(to.login, `/${to.userId}/media`),
          query: { fields: "id,caption,permalink,timestamp", limit: 25 },
          bearer: to.accessToken,
        }),
      );
      const found = body.data.find(
        (media) =>
          (media.timestamp === undefined || isSince(media.timestamp, input.since)) &&
          comparableText(media.caption ?? "") === wanted,
      );
      return found ? { externalId: found.id, url: found.permalink ?? "" } : undefined;
    },

    async metrics(input) {
      const to = target(input.tokens, input.accountId);
      const insights = readInsights(
        instagramName,
        "read metrics",
        await ig.http.json({
          operation: "read metrics",
          url: ig.graph(to.login, `/${input.externalId}/insights`),
          query: { metric: mediaInsights.join(",") },
          bearer: to.accessToken,
        }),
      );
      return {
        impressions: insights.views,
        reach: insights.reach,
        likes: insights.likes,
        comments: insights.comments,
        saves: insights.saved,
        shares: insights.shares,
      };
    },

    webhook: async (request) =>
      handleMetaWebhook(
        {
          appSecret: config.webhookSecret ?? config.clientSecret,
          verifyToken: config.webhookVerifyToken,
          events: instagramEvents,
        },
        request,
      ),
  };
}

/**
 * A Facebook Login connection: the person, with the Instagram business accounts of their Pages as
 * sub-accounts, each carrying its Page's token.
 */
async function facebookProfile(ig: InstagramApi, tokens: TokenSet) {
  const user = await readFacebookUser(ig, tokens.accessToken);
  const list = parseBody(
    instagramName,
    "read accounts",
    pages,
    await ig.http.json({
      operation: "read accounts",
      url: ig.graph("facebook", "/me/accounts"),
      query: { fields: "id,name,access_token,instagram_business_account{id,username}" },
      bearer: tokens.accessToken,
    }),
  );
  return {
    externalId: user.id,
    handle: user.name,
    displayName: user.name,
    subAccounts: list.data.flatMap((page) => {
      const account = page.instagram_business_account;
      if (!account) return [];
      return [
        {
          externalId: account.id,
          kind: "instagram_business" as const,
          name: account.username ?? page.name,
          tokens: pageAccountTokens(page.access_token, page.id, account.id),
        },
      ];
    }),
  };
}
