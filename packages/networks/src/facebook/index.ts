import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { graphPermalink, readInsights } from "../kit/meta-graph.ts";
import { metaDialogUrl, metaToken } from "../kit/meta-oauth.ts";
import { handleMetaWebhook } from "../kit/meta-webhook.ts";
import { comparableText } from "../kit/reconcile.ts";
import { publishThread, refuseThread } from "../kit/thread.ts";
import type { MediaItem, Network, NetworkConfig, PublishInput, TokenSet } from "../types.ts";
import { createFacebookApi, type FacebookApi, facebookName } from "./api.ts";
import { postPhoto, postVideo } from "./media.ts";
import { facebookEvents } from "./webhook.ts";

/**
 * Facebook Login permissions for Pages: list them (pages_show_list), publish (pages_manage_posts),
 * read posts and comments (pages_read_engagement), comment as the Page (pages_manage_engagement)
 * and read insights (read_insights).
 */
export const facebookScopes = [
  "pages_show_list",
  "pages_manage_posts",
  "pages_read_engagement",
  "pages_manage_engagement",
  "read_insights",
];

const me = z.object({
  id: z.string(),
  name: z.string(),
  picture: z.object({ data: z.object({ url: z.string().optional() }) }).optional(),
});
const pages = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      access_token: z.string(),
      tasks: z.array(z.string()).optional(),
    }),
  ),
});
const created = z.object({ id: z.string() });
const pagePosts = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      message: z.string().optional(),
      permalink_url: z.string().optional(),
    }),
  ),
});
const counts = z.object({
  shares: z.object({ count: z.number() }).optional(),
  comments: z.object({ summary: z.object({ total_count: z.number() }) }).optional(),
});

/**
 * Metrics per post (Page Insights, after Meta retired the impressions metrics on 15 November
 * 2025): post_media_view (views), post_total_media_view_unique (reach), reactions by type and
 * clicks.
 */
const postInsights = [
  "post_media_view",
  "post_total_media_view_unique",
  "post_reactions_by_type_total",
  "post_clicks",
];

/**
 * Facebook Pages through the Graph API: Facebook Login (no PKCE for server-side apps), the
 * short-lived user token exchanged at once for a long-lived one, the Pages from /me/accounts as
 * sub-accounts with their own Page tokens (which do not expire), text and link posts on /feed,
 * photos by URL, videos through the resumable upload, first comments, Page Insights, and Page
 * webhooks with the deauthorize callback.
 */
export function createFacebook(config: NetworkConfig): Network {
  const fb = createFacebookApi(config);
  const token = (operation: "connect", query: Record<string, string>) =>
    metaToken(fb.http, facebookName, {
      operation,
      url: fb.graph("/oauth/access_token"),
      query: { client_id: config.clientId, client_secret: config.clientSecret, ...query },
    });
  const readMe = async (tokens: TokenSet) =>
    parseBody(
      facebookName,
      "read profile",
      me,
      await fb.http.json({
        operation: "read profile",
        url: fb.graph("/me"),
        query: { fields: "id,name,picture" },
        bearer: tokens.accessToken,
      }),
    );

  return {
    id: "facebook",
    displayName: "Facebook",
    connect: {
      method: "oauth",
      authorizationUrl: async (input) =>
        metaDialogUrl(fb.dialogUrl, {
          clientId: config.clientId,
          redirectUri: config.redirectUri,
          state: input.state,
          scopes: input.scopes ?? facebookScopes,
        }),
      async exchangeCode(input) {
        const short = await token("connect", {
          redirect_uri: config.redirectUri,
          code: input.code,
        });
        // Short-lived user tokens last an hour or two; the long-lived one about 60 days, and the
        // Page tokens read with it do not expire.
        const long = await token("connect", {
          grant_type: "fb_exchange_token",
          fb_exchange_token: short.tokens.accessToken,
        });
        const user = await readMe(long.tokens);
        return {
          ...long.tokens,
          scopes: long.tokens.scopes ?? short.tokens.scopes,
          context: { userId: user.id, name: user.name },
        };
      },
      async revoke(tokens) {
        await fb.http.send({
          operation: "revoke token",
          method: "DELETE",
          url: fb.graph("/me/permissions"),
          bearer: tokens.accessToken,
        });
      },
    },

    async profile(tokens) {
      const user = await readMe(tokens);
      const list = parseBody(
        facebookName,
        "read pages",
        pages,
        await fb.http.json({
          operation: "read pages",
          url: fb.graph("/me/accounts"),
          query: { fields: "id,name,access_token,tasks" },
          bearer: tokens.accessToken,
        }),
      );
      return {
        externalId: user.id,
        handle: user.name,
        displayName: user.name,
        avatarUrl: user.picture?.data.url,
        subAccounts: list.data
          .filter((page) => page.tasks === undefined || page.tasks.includes("CREATE_CONTENT"))
          .map((page) => ({
            externalId: page.id,
            kind: "page" as const,
            name: page.name,
            tokens: {
              accessToken: page.access_token,
              context: { pageId: page.id, userId: user.id },
            },
          })),
      };
    },

    async publish(input) {
      const pageId = input.tokens.context?.pageId ?? input.accountId;
      const pageToken = input.tokens.accessToken;
      refuseThread(facebookName, input);
      return publishThread<string>(
        facebookName,
        input,
        async (part, replyTo) => {
          if (replyTo) {
            const comment = await fb.http.json({
              operation: "publish first comment",
              url: fb.graph(`/${replyTo.root}/comments`),
              bearer: pageToken,
              form: { message: part.text },
            });
            return parseBody(facebookName, "publish first comment", created, comment).id;
          }
          return publishPost(fb, pageToken, pageId, part.text, part.media, input);
        },
        (head, children) => ({ externalId: head, url: "", childIds: children }),
      ).then(async (result) => ({
        ...result,
        url: await graphPermalink(fb.http, {
          url: fb.graph(`/${result.externalId}`),
          field: "permalink_url",
          bearer: pageToken,
          fallback: `${fb.web}/${result.externalId}`,
        }),
      }));
    },

    async findPost(input) {
      const wanted = comparableText(input.text);
      const body = parseBody(
        facebookName,
        "find post",
        pagePosts,
        await fb.http.json({
          operation: "find post",
          url: fb.graph(`/${input.tokens.context?.pageId ?? input.accountId}/posts`),
          query: {
            fields: "id,message,permalink_url",
            since: Math.floor(Date.parse(input.since) / 1000),
          },
          bearer: input.tokens.accessToken,
        }),
      );
      const found = body.data.find((post) => comparableText(post.message ?? "") === wanted);
      return found ? { externalId: found.id, url: found.permalink_url ?? "" } : undefined;
    },

    async metrics(input) {
      const insights = readInsights(
        facebookName,
        "read metrics",
        await fb.http.json({
          operation: "read metrics",
          url: fb.graph(`/${input.externalId}/insights`),
          query: { metric: postInsights.join(",") },
          bearer: input.tokens.accessToken,
        }),
      );
      const totals = parseBody(
        facebookName,
        "read metrics",
        counts,
        await fb.http.json({
          operation: "read metrics",
          url: fb.graph(`/${input.externalId}`),
          query: { fields: "shares,comments.limit(0).summary(true)" },
          bearer: input.tokens.accessToken,
        }),
      );
      return {
        impressions: insights.post_media_view,
        reach: insights.post_total_media_view_unique,
        likes: insights.post_reactions_by_type_total,
        clicks: insights.post_clicks,
        comments: totals.comments?.summary.total_count,
        // Facebook leaves `shares` out of a post nobody has shared.
        shares: totals.shares?.count ?? 0,
      };
    },

    webhook: async (request) =>
      handleMetaWebhook(
        {
          appSecret: config.webhookSecret ?? config.clientSecret,
          verifyToken: config.webhookVerifyToken,
          events: facebookEvents,
        },
        request,
      ),
  };
}

/**
 * One Page post: a text or link post on /feed, one photo on /photos, several photos uploaded
 * unpublished then attached to a /feed post, or one video.
 */
async function publishPost(
  fb: FacebookApi,
  pageToken: string,
  pageId: string,
  text: string,
  media: MediaItem[],
  input: PublishInput,
): Promise<string> {
  const [first] = media;
  if (first?.mimeType.startsWith("video/")) {
    const title = typeof input.options?.title === "string" ? input.options.title : undefined;
    return postVideo(fb, pageToken, pageId, first, { description: text, title });
  }
  if (first && media.length === 1) {
    const photo = await postPhoto(fb, pageToken, pageId, first, { message: text });
    return photo.post_id ?? photo.id;
  }
  const form: Record<string, string> = {};
  if (text !== "") form.message = text;
  for (const [index, item] of media.entries()) {
    const photo = await postPhoto(fb, pageToken, pageId, item, "unpublished");
    form[`attached_media[${index}]`] = JSON.stringify({ media_fbid: photo.id });
  }
  const link = typeof input.options?.link === "string" ? input.options.link : undefined;
  if (link && media.length === 0) form.link = link;
  const post = await fb.http.json({
    operation: "publish",
    url: fb.graph(`/${pageId}/feed`),
    bearer: pageToken,
    form,
  });
  return parseBody(facebookName, "publish", created, post).id;
}
