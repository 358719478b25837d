import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { FaultAnswers } from "../faults.ts";
import { googleError } from "../google/oauth.ts";
import type { SandboxAccount, SandboxPost, SandboxState } from "../state.ts";

/**
 * A sandbox Google account's channel: one per account (a Brand Account signs in under its own
 * handle, as on Google's account chooser). Handles starting "nochannel" have none.
 */
export function channelOf(account: SandboxAccount) {
  if (account.handle.startsWith("nochannel")) return undefined;
  const digest = createHash("sha256").update(`youtube:${account.id}`).digest("base64url");
  const id = `UC${digest.slice(0, 22)}`;
  return {
    id,
    title: account.displayName,
    customUrl: `@${account.handle.toLowerCase()}`,
    uploads: `UU${id.slice(2)}`,
  };
}

/** The video fields the sandbox keeps in SandboxPost.extra. */
export interface VideoExtra {
  title: string;
  tags?: string[];
  categoryId: string;
  privacyStatus: string;
  publishAt?: string;
  madeForKids: boolean;
  uploadStatus: "uploaded" | "processed" | "rejected";
  rejectionReason?: string;
  /** Status reads left before processing settles. */
  processingPolls: number;
  channelId: string;
  thumbnail?: string;
  [key: string]: unknown;
}

/** A videos resource with the parts asked for, as videos.list and the upload answer it. */
export function videoResource(state: SandboxState, post: SandboxPost, parts: string[]) {
  const extra = post.extra as VideoExtra;
  const m = state.metricsOf(post);
  const resource: Record<string, unknown> = {
    kind: "youtube#video",
    etag: createHash("sha1").update(`${post.id}:${extra.uploadStatus}`).digest("base64url"),
    id: post.id,
  };
  if (parts.includes("snippet")) {
    resource.snippet = {
      publishedAt: new Date(post.createdAt).toISOString(),
      channelId: extra.channelId,
      title: extra.title,
      description: post.text,
      ...(extra.tags ? { tags: extra.tags } : {}),
      categoryId: extra.categoryId,
      liveBroadcastContent: "none",
    };
  }
  if (parts.includes("status")) {
    resource.status = {
      uploadStatus: extra.uploadStatus,
      ...(extra.rejectionReason ? { rejectionReason: extra.rejectionReason } : {}),
      privacyStatus: extra.privacyStatus,
      ...(extra.publishAt ? { publishAt: extra.publishAt } : {}),
      license: "youtube",
      embeddable: true,
      publicStatsViewable: true,
      selfDeclaredMadeForKids: extra.madeForKids,
    };
  }
  if (parts.includes("statistics")) {
    // The Data API gives counts as strings.
    resource.statistics = {
      viewCount: String(m.impressions),
      likeCount: String(m.likes),
      favoriteCount: "0",
      commentCount: String(m.replies),
    };
  }
  return resource;
}

export const youtubeFaultAnswers: FaultAnswers = {
  unavailable: (c: Context) =>
    googleError(c, {
      code: 503,
      status: "UNAVAILABLE",
      message: "The service is currently unavailable.",
      reason: "backendError",
    }),
  // YouTube answers an exhausted daily quota with 403 quotaExceeded, not 429.
  rateLimited: (c: Context) =>
    googleError(c, {
      code: 403,
      status: "PERMISSION_DENIED",
      message:
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
      reason: "quotaExceeded",
      domain: "youtube.quota",
    }),
  rejected: (c: Context) =>
    googleError(c, {
      code: 400,
      status: "INVALID_ARGUMENT",
      message: "The request metadata specifies an invalid video title.",
      reason: "invalidTitle",
    }),
};
