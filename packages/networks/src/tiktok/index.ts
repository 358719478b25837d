import * as z from "zod";
import { errorFromResponse, NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import {
  authorizationUrl,
  exchangeCode,
  type OAuthProvider,
  refreshTokens,
  revokeToken,
} from "../kit/oauth.ts";
import { comparableText, isSince, oldestFirst } from "../kit/reconcile.ts";
import { mediaKind } from "../kit/rules.ts";
import type { Network, NetworkConfig, PublishInput, TokenSet } from "../types.ts";
import { createTikTokApi, type TikTokApi, tiktokName } from "./api.ts";
import { readTikTokError } from "./errors.ts";
import { awaitPublish, fileUploadSource, uploadVideo } from "./media.ts";

/**
 * user.info.basic and user.info.profile for the profile (username needs the latter),
 * video.publish for Direct Post, video.list for metrics and reconciliation.
 */
export const tiktokScopes = ["user.info.basic", "user.info.profile", "video.publish", "video.list"];

const userBody = z.object({
  data: z.object({
    user: z.object({
      open_id: z.string(),
      union_id: z.string().optional(),
      display_name: z.string(),
      username: z.string().optional(),
      avatar_url: z.string().optional(),
    }),
  }),
});
const creatorBody = z.object({
  data: z.object({
    creator_username: z.string().optional(),
    privacy_level_options: z.array(z.string()),
    comment_disabled: z.boolean().optional(),
    duet_disabled: z.boolean().optional(),
    stitch_disabled: z.boolean().optional(),
    max_video_post_duration_sec: z.number().optional(),
  }),
});
const initBody = z.object({
  data: z.object({ publish_id: z.string(), upload_url: z.string().optional() }),
});
const videosBody = z.object({
  data: z.object({
    videos: z
      .array(
        z.object({
          id: z.union([z.string(), z.number()]).transform(String),
          title: z.string().optional(),
          create_time: z.number().optional(),
          like_count: z.number().optional(),
          comment_count: z.number().optional(),
          share_count: z.number().optional(),
          view_count: z.number().optional(),
        }),
      )
      .default([]),
  }),
});

/**
 * TikTok through Login Kit (OAuth v2) and the Content Posting API's Direct Post: videos by
 * FILE_UPLOAD in chunks, photos by PULL_FROM_URL (the media domain must be verified with
 * TikTok). Every publish asks creator_info first, as TikTok requires.
 */
export function createTikTok(config: NetworkConfig): Network {
  const tt = createTikTokApi(config);
  const provider: OAuthProvider = {
    ...tiktokName,
    authorizationEndpoint: tt.authorizeUrl,
    tokenEndpoint: tt.url("/v2/oauth/token/"),
    revocationEndpoint: tt.url("/v2/oauth/revoke/"),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clientAuth: "post",
    clientIdParameter: "client_key",
    scopeSeparator: ",",
    // Web apps: TikTok documents code_verifier for mobile and desktop apps only.
    pkce: false,
    redirectUri: config.redirectUri,
    readError: readTikTokError,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
  };

  async function me(tokens: TokenSet) {
    const body = await tt.http.json({
      operation: "read profile",
      url: tt.url("/v2/user/info/"),
      query: { fields: "open_id,union_id,avatar_url,display_name,username" },
      bearer: tokens.accessToken,
    });
    return parseBody(tiktokName, "read profile", userBody, body).data.user;
  }

  async function usernameOf(tokens: TokenSet) {
    return tokens.context?.username ?? (await me(tokens)).username ?? "";
  }

  return {
    id: "tiktok",
    displayName: "TikTok",
    connect: {
      method: "oauth",
      authorizationUrl: (input) =>
        authorizationUrl(provider, { ...input, scopes: input.scopes ?? tiktokScopes }),
      async exchangeCode(input) {
        const tokens = await exchangeCode(provider, input);
        const user = await me(tokens);
        return { ...tokens, context: { openId: user.open_id, username: user.username ?? "" } };
      },
      // TikTok rotates refresh tokens: the answer's replaces the old one.
      refresh: (tokens) => refreshTokens(provider, tokens),
      revoke: (tokens) => revokeToken(provider, tokens.accessToken),
    },

    async profile(tokens) {
      const user = await me(tokens);
      const handle = user.username ?? user.open_id;
      return {
        externalId: user.open_id,
        handle,
        displayName: user.display_name,
        avatarUrl: user.avatar_url,
        profileUrl: tt.profileUrl(handle),
      };
    },

    async publish(input) {
      const token = input.tokens.accessToken;
      const username = await usernameOf(input.tokens);
      const creator = await creatorInfo(tt, token);
      const photos = input.media.every((item) => mediaKind(item.mimeType) === "image");
      const privacy = privacyLevel(input, creator.privacy_level_options);
      const disableComment =
        creator.comment_disabled === true || input.options?.disableComment === true;
      let publishId: string;
      if (photos) {
        publishId = await initPost(tt, token, "/v2/post/publish/content/init/", {
          post_info: {
            title: typeof input.options?.title === "string" ? input.options.title : "",
            description: input.text,
            privacy_level: privacy,
            disable_comment: disableComment,
            auto_add_music: true,
          },
          source_info: {
            source: "PULL_FROM_URL",
            photo_cover_index: 0,
            photo_images: input.media.map((item) => item.url),
          },
          post_mode: "DIRECT_POST",
          media_type: "PHOTO",
        });
      } else {
        const video = input.media[0] as (typeof input.media)[number];
        const maxSeconds = creator.max_video_post_duration_sec;
        if (maxSeconds !== undefined && (video.durationSeconds ?? 0) > maxSeconds) {
          throw refused(
            "duration_over_creator_limit",
            `TikTok lets this account post videos of up to ${maxSeconds} seconds; this one is ${Math.round(video.durationSeconds ?? 0)}. Trim the video.`,
          );
        }
        const init = await initVideo(tt, token, {
          post_info: {
            title: input.text,
            privacy_level: privacy,
            disable_comment: disableComment,
            disable_duet: creator.duet_disabled === true || input.options?.disableDuet === true,
            disable_stitch:
              creator.stitch_disabled === true || input.options?.disableStitch === true,
          },
          source_info: fileUploadSource(video.sizeBytes),
        });
        publishId = init.publish_id;
        await uploadVideo(tt, init.upload_url ?? "", video);
      }
      const postId = await awaitPublish(tt, token, publishId);
      // Until TikTok gives the public post id (after moderation, never for private posts), the
      // publish id stands for the post.
      return {
        externalId: postId ?? publishId,
        url: postId
          ? tt.postUrl(username, postId, photos ? "photo" : "video")
          : tt.profileUrl(username),
      };
    },

    async findPost(input) {
      const wanted = comparableText(input.text);
      const videos = await listVideos(tt, input.tokens.accessToken, "find post");
      const found = videos.find(
        (video) =>
          comparableText(video.title ?? "") === wanted &&
          (video.create_time === undefined ||
            isSince(new Date(video.create_time * 1000).toISOString(), input.since)),
      );
      if (!found) return undefined;
      return {
        externalId: found.id,
        url: tt.postUrl(await usernameOf(input.tokens), found.id, "video"),
      };
    },

    async recentPosts(input) {
      const videos = (await listVideos(tt, input.tokens.accessToken, "list posts")).filter(
        (video) =>
          video.create_time !== undefined &&
          isSince(new Date(video.create_time * 1000).toISOString(), input.since),
      );
      if (videos.length === 0) return [];
      const username = await usernameOf(input.tokens);
      // The Display API gives an embed link and a cover, never the video file: text and link.
      return oldestFirst(
        videos.map((video) => ({
          externalId: video.id,
          url: tt.postUrl(username, video.id, "video"),
          text: video.title ?? "",
          createdAt: new Date((video.create_time ?? 0) * 1000).toISOString(),
          media: [],
        })),
      );
    },

    async metrics(input) {
      // A publish id ("v_pub_…") stands for a post TikTok has not made public: no metrics yet.
      if (!/^\d+$/.test(input.externalId)) return {};
      const body = parseBody(
        tiktokName,
        "read metrics",
        videosBody,
        await tt.http.json({
          operation: "read metrics",
          url: tt.url("/v2/video/query/"),
          query: { fields: "id,like_count,comment_count,share_count,view_count" },
          bearer: input.tokens.accessToken,
          json: { filters: { video_ids: [input.externalId] } },
          integersAsText: true,
        }),
      );
      const video = body.data.videos.find((v) => v.id === input.externalId);
      if (!video) {
        throw errorFromResponse(tiktokName, "read metrics", 404, {
          code: "video_not_found",
          detail: `no video ${input.externalId}`,
          userMessage: "TikTok cannot find this post any more; it may have been deleted.",
        });
      }
      // The Display API reports plays, likes, comments and shares; no impressions, reach,
      // saves or clicks.
      return {
        videoViews: video.view_count,
        likes: video.like_count,
        comments: video.comment_count,
        shares: video.share_count,
      };
    },
  };
}

async function creatorInfo(tt: TikTokApi, accessToken: string) {
  const body = await tt.http.json({
    operation: "read creator info",
    method: "POST",
    url: tt.url("/v2/post/publish/creator_info/query/"),
    bearer: accessToken,
    json: {},
  });
  return parseBody(tiktokName, "read creator info", creatorBody, body).data;
}

async function initVideo(tt: TikTokApi, accessToken: string, body: Record<string, unknown>) {
  const answer = await tt.http.json({
    operation: "publish",
    url: tt.url("/v2/post/publish/video/init/"),
    bearer: accessToken,
    json: body,
  });
  return parseBody(tiktokName, "publish", initBody, answer).data;
}

async function initPost(
  tt: TikTokApi,
  accessToken: string,
  path: string,
  body: Record<string, unknown>,
): Promise<string> {
  const answer = await tt.http.json({
    operation: "publish",
    url: tt.url(path),
    bearer: accessToken,
    json: body,
  });
  return parseBody(tiktokName, "publish", initBody, answer).data.publish_id;
}

async function listVideos(tt: TikTokApi, accessToken: string, operation: string) {
  const body = await tt.http.json({
    operation,
    url: tt.url("/v2/video/list/"),
    query: { fields: "id,title,create_time" },
    bearer: accessToken,
    json: { max_count: 20 },
    integersAsText: true,
  });
  return parseBody(tiktokName, operation, videosBody, body).data.videos;
}

const privacyLevels: Record<string, string> = {
  public: "PUBLIC_TO_EVERYONE",
  private: "SELF_ONLY",
};

/**
 * The post's privacy (public or private, or TikTok's own level names) must be one the account
 * offers today (creator_info). Without a choice, public where offered, else the first offered.
 */
function privacyLevel(input: PublishInput, offered: string[]): string {
  const asked = typeof input.options?.privacy === "string" ? input.options.privacy : undefined;
  if (asked === undefined) {
    return offered.includes("PUBLIC_TO_EVERYONE")
      ? "PUBLIC_TO_EVERYONE"
      : (offered[0] ?? "SELF_ONLY");
  }
  const level = privacyLevels[asked] ?? asked;
  if (!offered.includes(level)) {
    throw refused(
      "privacy_level_option_mismatch",
      `TikTok does not offer ${asked} posts for this account right now (it offers ${offered.join(", ")}). Choose another privacy.`,
    );
  }
  return level;
}

function refused(code: string, userMessage: string): NetworkError {
  return new NetworkError({
    network: "tiktok",
    kind: "permanent",
    operation: "publish",
    code,
    detail: userMessage,
    userMessage,
  });
}
