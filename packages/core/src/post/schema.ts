import * as z from "zod";
import { approvalStates } from "../db/entities/post.ts";
import { targetStates } from "../db/entities/target.ts";
import { Schedule } from "../schedule/index.ts";
import "../util/zod.ts";

const MediaIds = z.array(z.string().min(1).max(64)).max(35, "attach at most 35 media items");

/** What one account's copy of the post changes. Each network reads the options it knows. */
export const Overrides = z
  .object({
    text: z.string().max(100_000).optional(),
    mediaIds: MediaIds.optional(),
    firstComment: z.string().max(10_000).optional(),
    /** X, Threads, Bluesky and Mastodon: replies that continue the post, in order. */
    thread: z
      .array(z.object({ text: z.string().max(100_000), mediaIds: MediaIds.optional() }))
      .max(25, "a thread has at most 25 more parts")
      .optional(),
    threadDelaySeconds: z.number().int().min(0).max(3600).optional(),
    /** YouTube */
    title: z.string().max(500).optional(),
    privacy: z.enum(["public", "unlisted", "private"]).optional(),
    shorts: z.boolean().optional(),
    /** Pinterest */
    boardId: z.string().max(200).optional(),
    link: z.url().max(2048).optional(),
    /** LinkedIn and Facebook link card */
    linkCard: z.object({ url: z.url().max(2048) }).optional(),
    /** Instagram */
    postType: z.enum(["feed", "reel", "story", "carousel"]).optional(),
  })
  .strict();
export type Overrides = z.infer<typeof Overrides>;

export const TargetInput = z.object({
  accountId: z.string().min(1).max(64),
  overrides: Overrides.default({}),
});

export const Content = {
  text: z.string().max(100_000).default(""),
  mediaIds: MediaIds.default([]),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
  campaign: z.string().trim().max(100).optional(),
  notes: z.string().max(5_000).optional(),
};

export const CreateInput = z.object({
  ...Content,
  targets: z.array(TargetInput).min(1, "choose at least one account").max(50),
  schedule: Schedule.Intent.default({ mode: "draft" }),
});
export type CreateInput = z.infer<typeof CreateInput>;

export const TargetInfo = z.object({
  id: z.string(),
  accountId: z.string(),
  network: z.string(),
  state: z.enum(targetStates),
  dueAt: z.string().nullable(),
  timeZone: z.string().nullable(),
  version: z.number(),
  overrides: Overrides,
  externalId: z.string().nullable(),
  url: z.string().nullable(),
  publishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TargetInfo = z.infer<typeof TargetInfo>;

export const PostInfo = z.object({
  id: z.string(),
  authorId: z.string(),
  text: z.string(),
  mediaIds: z.array(z.string()),
  tags: z.array(z.string()),
  campaign: z.string().nullable(),
  notes: z.string().nullable(),
  schedule: Schedule.Intent,
  scheduleText: z
    .string()
    .describe('The schedule in words, e.g. "Every Friday at 9:00 AM (Europe/Berlin)"'),
  status: z.string(),
  approval: z.enum(approvalStates),
  approvalComment: z.string().nullable(),
  paused: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  targets: z.array(TargetInfo),
  /** A scheduled local time the zone skips or repeats: the instant chosen, and why. */
  warnings: z.array(Schedule.Warning),
});
export type PostInfo = z.infer<typeof PostInfo>;
