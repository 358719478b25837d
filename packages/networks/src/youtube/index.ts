import * as z from "zod";
import { errorFromResponse, isNetworkError, NetworkError } from "../kit/error.ts";
import { googleConnect, googleOAuth } from "../kit/google.ts";
import { parseBody } from "../kit/json.ts";
import { comparableText, isSince, oldestFirst } from "../kit/reconcile.ts";
import { publishThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, PublishInput, TokenSet } from "../types.ts";
import { createYouTubeApi, type YouTubeApi, youtubeName } from "./api.ts";
import { readYouTubeError } from "./errors.ts";
import { checkProcessing, setThumbnail, uploadVideo } from "./media.ts";
import { tagsOf } from "./rules.ts";

/**
 * youtube.upload for videos.insert and thumbnails.set, youtube.readonly for channels and
 * statistics, youtube.force-ssl for commentThreads.insert (the first comment).
 */
export const youtubeScopes = [
  "https://www.googleapis.com/auth/youtube.upload",
  "https://www.googleapis.com/auth/youtube.readonly",
  "https://www.googleapis.com/auth/youtube.force-ssl",
];

const channelList = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z
          .object({
            title: z.string(),
            customUrl: z.string().optional(),
            thumbnails: z.record(z.string(), z.object({ url: z.string() })).optional(),
          })
          .optional(),
        contentDetails: z
          .object({ relatedPlaylists: z.object({ uploads: z.string().optional() }) })
          .optional(),
      }),
    )
    .default([]),
});
const statistics = z.object({
  items: z
    .array(z.object({ id: z.string(), statistics: z.record(z.string(), z.string()).optional() }))
    .default([]),
});
const uploads = z.object({
  items: z
    .array(
      z.object({
        snippet: z.object({
          title: z.string(),
          description: z.string().optional(),
          publishedAt: z.string(),
          resourceId: z.object({ videoId: z.string() }),
        }),
      }),
    )
    .default([]),
});
const created = z.object({ id: z.string() });

/**
 * YouTube through the Data API v3 with Google OAuth: the channel is the account, videos go up
 * with the resumable upload, Shorts are ordinary uploads YouTube classifies by shape and length.
 */
export function createYouTube(config: NetworkConfig): Network {
  const yt = createYouTubeApi(config);
  const provider = googleOAuth(youtubeName, config, readYouTubeError);

  async function channels(tokens: TokenSet, part = "snippet") {
    const body = await yt.http.json({
      operation: "read channel",
      url: yt.data("/channels"),
      query: { part, mine: true },
      bearer: tokens.accessToken,
    });
    const { items } = parseBody(youtubeName, "read channel", channelList, body);
    if (items.length === 0) {
      throw new NetworkError({
        network: "youtube",
        kind: "auth",
        operation: "read channel",
        code: "youtubeSignupRequired",
        detail: "the account has no channel",
        userMessage:
          "This Google account has no YouTube channel. Create the channel on YouTube, then reconnect the account.",
      });
    }
    return items;
  }

  /** The channel's latest uploads, newest first (its uploads playlist). */
  async function uploadsOf(tokens: TokenSet, operation: string) {
    const [channel] = await channels(tokens, "contentDetails");
    const playlistId = channel?.contentDetails?.relatedPlaylists.uploads;
    if (!playlistId) return [];
    const body = await yt.http.json({
      operation,
      url: yt.data("/playlistItems"),
      query: { part: "snippet", playlistId, maxResults: 25 },
      bearer: tokens.accessToken,
    });
    return parseBody(youtubeName, operation, uploads, body).items;
  }

  return {
    id: "youtube",
    displayName: "YouTube",
    connect: googleConnect(provider, youtubeScopes, async (tokens) => {
      const [channel] = await channels(tokens);
      return {
        ...tokens,
        context: { channelId: channel?.id ?? "", handle: channel?.snippet?.customUrl ?? "" },
      };
    }),

    async profile(tokens) {
      const items = await channels(tokens);
      const channel = items[0] as (typeof items)[number];
      const snippet = channel.snippet;
      return {
        externalId: channel.id,
        handle: snippet?.customUrl ?? channel.id,
        displayName: snippet?.title ?? channel.id,
        avatarUrl: snippet?.thumbnails?.default?.url,
        profileUrl: yt.channelUrl({ id: channel.id, customUrl: snippet?.customUrl }),
        // The consent screen binds the token to one channel (a person's own or a Brand Account's).
        subAccounts: items.map((item) => ({
          externalId: item.id,
          kind: "channel" as const,
          name: item.snippet?.title ?? item.id,
        })),
      };
    },

    async publish(input) {
      const short = input.options?.shorts === true;
      const token = input.tokens.accessToken;
      return publishThread<string>(
        youtubeName,
        input,
        async (part, replyTo) => {
          if (replyTo === undefined) return postVideo(yt, input, short);
          const answer = await yt.http.json({
            operation: "publish first comment",
            url: yt.data("/commentThreads"),
            query: { part: "snippet" },
            bearer: token,
            json: {
              snippet: {
                videoId: replyTo.root,
                topLevelComment: { snippet: { textOriginal: part.text } },
              },
            },
          });
          return parseBody(youtubeName, "publish first comment", created, answer).id;
        },
        (head, children) => ({
          externalId: head,
          url: yt.videoUrl(head, short),
          childIds: children,
        }),
      );
    },

    async findPost(input) {
      const wanted = comparableText(input.text);
      const found = (await uploadsOf(input.tokens, "find post")).find(
        (item) =>
          comparableText(withoutShortsTag(item.snippet.description ?? "")) ===
            comparableText(withoutShortsTag(wanted)) &&
          isSince(item.snippet.publishedAt, input.since),
      );
      if (!found) return undefined;
      const id = found.snippet.resourceId.videoId;
      return { externalId: id, url: yt.videoUrl(id, false) };
    },

    async recentPosts(input) {
      const items = (await uploadsOf(input.tokens, "list posts")).filter((item) =>
        isSince(item.snippet.publishedAt, input.since),
      );
      // The Data API never serves the video file of an upload: text and link.
      return oldestFirst(
        items.map((item) => ({
          externalId: item.snippet.resourceId.videoId,
          url: yt.videoUrl(item.snippet.resourceId.videoId, false),
          text: withoutShortsTag(item.snippet.description ?? "") || item.snippet.title,
          createdAt: item.snippet.publishedAt,
          media: [],
        })),
      );
    },

    async metrics(input) {
      const body = parseBody(
        youtubeName,
        "read metrics",
        statistics,
        await yt.http.json({
          operation: "read metrics",
          url: yt.data("/videos"),
          query: { part: "statistics", id: input.externalId },
          bearer: input.tokens.accessToken,
        }),
      );
      const video = body.items[0];
      if (!video) {
        throw errorFromResponse(youtubeName, "read metrics", 404, {
          code: "videoNotFound",
          detail: `no video ${input.externalId}`,
          userMessage: "YouTube cannot find this video any more; it may have been deleted.",
        });
      }
      // The Data API reports views, likes and comments (counts as strings); impressions and
      // click-through live only in YouTube Studio, so they stay undefined.
      const count = (name: string) => {
        const value = video.statistics?.[name];
        return value === undefined ? undefined : Number(value);
      };
      return {
        videoViews: count("viewCount"),
        likes: count("likeCount"),
        comments: count("commentCount"),
      };
    },
  };
}

/** Uploads the post's video with its snippet and status, then checks YouTube took it. */
async function postVideo(yt: YouTubeApi, input: PublishInput, short: boolean): Promise<string> {
  const options = input.options ?? {};
  const video = input.media[0];
  if (!video) {
    throw new NetworkError({
      network: "youtube",
      kind: "permanent",
      operation: "publish",
      code: "media_required",
      detail: "a YouTube post has no video",
      userMessage: "YouTube needs a video in a post. Add one and try again.",
    });
  }
  const title = String(options.title ?? "");
  const description =
    short && !/#shorts\b/i.test(input.text) ? `${input.text}\n\n#Shorts`.trim() : input.text;
  const publishAt = typeof options.publishAt === "string" ? options.publishAt : undefined;
  const uploaded = await uploadVideo(yt, input.tokens.accessToken, video, {
    snippet: {
      title,
      description,
      ...(tagsOf(input).length > 0 ? { tags: tagsOf(input) } : {}),
      categoryId: typeof options.categoryId === "string" ? options.categoryId : "22",
    },
    status: {
      // A scheduled video stays private until publishAt.
      privacyStatus: publishAt ? "private" : String(options.privacy ?? "public"),
      ...(publishAt ? { publishAt } : {}),
      selfDeclaredMadeForKids: options.madeForKids === true,
    },
  });
  await checkProcessing(yt, input.tokens.accessToken, uploaded.id);
  if (typeof options.thumbnailUrl === "string") {
    try {
      await setThumbnail(yt, input.tokens.accessToken, uploaded.id, options.thumbnailUrl);
    } catch (error) {
      const reason = isNetworkError(error) ? error.userMessage : "an unexpected error occurred.";
      throw new NetworkError({
        network: "youtube",
        kind: isNetworkError(error) ? error.kind : "permanent",
        operation: "set thumbnail",
        code: isNetworkError(error) ? error.code : "unexpected",
        detail: isNetworkError(error) ? error.detail : String(error),
        userMessage: `The video is on YouTube, but its thumbnail was not set: ${reason} Set it in YouTube Studio.`,
        partial: { externalId: uploaded.id, url: yt.videoUrl(uploaded.id, short), childIds: [] },
        cause: error,
      });
    }
  }
  return uploaded.id;
}

function withoutShortsTag(text: string): string {
  return text.replace(/\s*#Shorts\s*$/i, "");
}
