import * as z from "zod";
import "../util/zod.ts";

/**
 * The one list of workspace events: each type's payload (versioned: a change that breaks a
 * reader gets a new version), who is told by default, on which channel, and what the notice
 * says and links to. Notifications, mail, digests, webhooks and the OpenAPI document derive
 * from it.
 */

const PostPayload = z
  .object({
    postId: z.string(),
    targetId: z.string(),
    accountId: z.string(),
    network: z.string(),
    state: z.string().describe("The target's state after the change"),
    dueAt: z.string().nullable().describe("When it is (or was) due, UTC ISO-8601"),
    url: z.string().nullable().describe("The published post on the network, once published"),
    error: z
      .object({ code: z.string(), message: z.string() })
      .nullable()
      .describe("Why it failed or waits for review, and what to do"),
  })
  .openapi("PostEventData");

const ApprovalPayload = z
  .object({
    postId: z.string(),
    authorId: z.string(),
    requestedAt: z.string(),
    comment: z.string().nullable().describe("The approver's comment"),
  })
  .openapi("ApprovalEventData");

const AccountPayload = z
  .object({
    accountId: z.string(),
    network: z.string(),
    reason: z.string().nullable().describe("Why the account needs attention"),
    expiresAt: z.string().nullable().describe("When its access ends, if known"),
  })
  .openapi("AccountEventData");

const DeadLetterPayload = z
  .object({
    targetId: z.string(),
    postId: z.string().nullable(),
    reason: z.string(),
  })
  .openapi("DeadLetterEventData");

const EndpointPayload = z
  .object({
    endpointId: z.string(),
    url: z.string(),
    reason: z.string(),
  })
  .openapi("EndpointEventData");

const FeedPayload = z
  .object({
    feedId: z.string(),
    url: z.string(),
    reason: z.string().describe("The last error, and why the feed was paused"),
  })
  .openapi("FeedEventData");

export const channels = ["in_app", "email", "both", "none", "digest"] as const;
export type Channel = (typeof channels)[number];

/** Who is told: the post's author, or the workspace's approvers (owners and admins). */
type Audience = "author" | "admins";

interface Spec<P extends z.ZodType> {
  payload: P;
  version: number;
  audience: Audience;
  channel: Channel;
  label: string;
}

const spec = <P extends z.ZodType>(s: Spec<P>) => s;

export const eventSpecs = {
  "post.scheduled": spec({
    payload: PostPayload,
    version: 1,
    audience: "author",
    channel: "in_app",
    label: "A post of mine is scheduled",
  }),
  "post.published": spec({
    payload: PostPayload,
    version: 1,
    audience: "author",
    channel: "in_app",
    label: "A post of mine is published",
  }),
  "post.failed": spec({
    payload: PostPayload,
    version: 1,
    audience: "author",
    channel: "both",
    label: "A post of mine failed",
  }),
  "post.needs_review": spec({
    payload: PostPayload,
    version: 1,
    audience: "author",
    channel: "both",
    label: "A post of mine needs review",
  }),
  "post.missed": spec({
    payload: PostPayload,
    version: 1,
    audience: "author",
    channel: "both",
    label: "A post of mine missed its time",
  }),
  "approval.requested": spec({
    payload: ApprovalPayload,
    version: 1,
    audience: "admins",
    channel: "both",
    label: "A post waits for my approval",
  }),
  "approval.approved": spec({
    payload: ApprovalPayload,
    version: 1,
    audience: "author",
    channel: "in_app",
    label: "My post was approved",
  }),
  "approval.rejected": spec({
    payload: ApprovalPayload,
    version: 1,
    audience: "author",
    // In the app by default: the approval module already mails the author the comment.
    channel: "in_app",
    label: "My post was sent back",
  }),
  "account.connected": spec({
    payload: AccountPayload,
    version: 1,
    audience: "admins",
    channel: "in_app",
    label: "An account was connected",
  }),
  "account.reconnect_needed": spec({
    payload: AccountPayload,
    version: 1,
    audience: "admins",
    channel: "both",
    label: "An account needs reconnecting",
  }),
  "account.token_expiring": spec({
    payload: AccountPayload,
    version: 1,
    audience: "admins",
    channel: "both",
    label: "An account's access is about to end",
  }),
  "publish.dead_lettered": spec({
    payload: DeadLetterPayload,
    version: 1,
    audience: "admins",
    channel: "both",
    label: "A publish message could not be processed",
  }),
  "endpoint.disabled": spec({
    payload: EndpointPayload,
    version: 1,
    audience: "admins",
    channel: "both",
    label: "A webhook endpoint was turned off after failing",
  }),
  "feed.paused": spec({
    payload: FeedPayload,
    version: 1,
    audience: "admins",
    channel: "both",
    label: "A feed was paused after failing",
  }),
} as const;

export type EventType = keyof typeof eventSpecs;
export const eventTypes = Object.keys(eventSpecs) as EventType[];
export type PayloadOf<T extends EventType> = z.infer<(typeof eventSpecs)[T]["payload"]>;

export const EventTypeSchema = z.enum(eventTypes as [EventType, ...EventType[]]);

/** What a person reads in the bell and in mail, with where to look and where to fix it. */
export interface Notice {
  title: string;
  body: string;
  link: string;
  fix?: { label: string; link: string };
}

const postLink = (postId: string) => `/app/post?id=${encodeURIComponent(postId)}`;

/** The notice for an event (the payload was validated when the event was recorded). */
export function noticeOf(type: EventType, data: Record<string, unknown>): Notice {
  const s = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : "");
  const error = (data.error ?? null) as { message?: string } | null;
  switch (type) {
    case "post.scheduled":
      return {
        title: `Scheduled on ${s("network")}`,
        body: `Due ${s("dueAt")}.`,
        link: postLink(s("postId")),
      };
    case "post.published":
      return {
        title: `Published on ${s("network")}`,
        body: s("url") ? `It is live at ${s("url")}.` : "It is live.",
        link: postLink(s("postId")),
      };
    case "post.failed":
    case "post.missed":
    case "post.needs_review":
      return {
        title:
          type === "post.failed"
            ? `Failed on ${s("network")}`
            : type === "post.missed"
              ? `Missed its time on ${s("network")}`
              : `Needs review on ${s("network")}`,
        body: error?.message ?? "Open the post to see what happened.",
        link: postLink(s("postId")),
        fix: { label: "Fix it in Needs attention", link: "/app/attention" },
      };
    case "approval.requested":
      return {
        title: "A post waits for your approval",
        body: "Approve it, or send it back with a comment.",
        link: postLink(s("postId")),
        fix: { label: "Open approvals", link: "/app/approvals" },
      };
    case "approval.approved":
      return {
        title: "Your post was approved",
        body: s("comment") || "It is scheduled.",
        link: postLink(s("postId")),
      };
    case "approval.rejected":
      return {
        title: "Your post needs changes",
        body: s("comment") || "An approver sent it back.",
        link: postLink(s("postId")),
        fix: {
          label: "Edit the post",
          link: `/app/compose?post=${encodeURIComponent(s("postId"))}`,
        },
      };
    case "account.connected":
      return {
        title: `A ${s("network")} account was connected`,
        body: "It can publish now.",
        link: "/app/connections",
      };
    case "account.reconnect_needed":
    case "account.token_expiring":
      return {
        title:
          type === "account.reconnect_needed"
            ? `A ${s("network")} account needs reconnecting`
            : `A ${s("network")} account's access ends soon`,
        body: s("reason") || (s("expiresAt") ? `Access ends ${s("expiresAt")}.` : "Reconnect it."),
        link: "/app/connections",
        fix: { label: "Reconnect it", link: "/app/connections" },
      };
    case "endpoint.disabled":
      return {
        title: "A webhook endpoint was turned off",
        body: s("reason"),
        link: "/app/webhooks",
        fix: { label: "Check it and turn it back on", link: "/app/webhooks" },
      };
    case "feed.paused":
      return {
        title: "A feed was paused",
        body: s("reason"),
        link: `/app/feeds?id=${encodeURIComponent(s("feedId"))}`,
        fix: { label: "Check its address and turn it back on", link: "/app/feeds" },
      };
    case "publish.dead_lettered":
      return {
        title: "A publish message could not be processed",
        body: s("reason"),
        link: "/app/attention",
        fix: { label: "Send it again from Needs attention", link: "/app/attention" },
      };
  }
}
