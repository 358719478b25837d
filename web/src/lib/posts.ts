/**
 * Posts, their targets, social accounts, calendar entries and media as the site reads them
 * from the API (see /openapi.json), with the words and badges every screen uses for them.
 */
import { h } from "./dom.ts";
import { atLeast } from "./roles.ts";

export const targetStates = [
  "draft",
  "pending_approval",
  "scheduled",
  "publishing",
  "published",
  "failed",
  "needs_review",
  "canceled",
] as const;
export type TargetState = (typeof targetStates)[number];

export interface TargetError {
  code: string;
  message: string;
}

export interface Overrides {
  text?: string;
  mediaIds?: string[];
  firstComment?: string;
  thread?: { text: string; mediaIds?: string[] }[];
  threadDelaySeconds?: number;
  title?: string;
  privacy?: "public" | "unlisted" | "private";
  shorts?: boolean;
  boardId?: string;
  link?: string;
  linkCard?: { url: string };
  postType?: "feed" | "reel" | "story" | "carousel";
}

export interface Target {
  id: string;
  accountId: string;
  network: string;
  state: TargetState;
  dueAt: string | null;
  timeZone: string | null;
  version: number;
  overrides: Overrides;
  externalId: string | null;
  url: string | null;
  publishedAt: string | null;
  error: TargetError | null;
}

export type ScheduleIntent =
  | { mode: "draft" }
  | { mode: "now" }
  | { mode: "at"; at: string; timeZone: string }
  | { mode: "queue" }
  | { mode: "recurring"; start: string; timeZone: string; rrule: string }
  | { mode: "evergreen"; minGapDays: number };

export interface Post {
  id: string;
  authorId: string;
  text: string;
  mediaIds: string[];
  tags: string[];
  campaign: string | null;
  notes: string | null;
  schedule: ScheduleIntent;
  status: string;
  approval: "not_required" | "pending" | "approved" | "rejected";
  approvalComment: string | null;
  paused: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  targets: Target[];
  /** A local time the zone skips or repeats: the instant chosen, and why. */
  warnings: { code: string; field: string; chosen: string; message: string }[];
}

export interface Account {
  id: string;
  network: string;
  externalId: string;
  handle: string;
  displayName: string;
  avatarUrl: string | null;
  profileUrl: string | null;
  kind: string;
  status: "active" | "reconnect_needed" | "disconnected";
  statusReason: string | null;
  timeZone: string;
  slots: Record<string, string[]>;
  version: number;
}

export interface CalendarEntry {
  targetId: string;
  postId: string;
  accountId: string;
  network: string;
  state: TargetState;
  dueAt: string;
  timeZone: string | null;
  tags: string[];
  campaign: string | null;
  url: string | null;
  text: string;
}

export interface MediaItem {
  id: string;
  name: string;
  kind: "image" | "video";
  state: "uploading" | "processing" | "ready" | "deleting";
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  altText: string;
  tags: string[];
  url: string | null;
  thumbnailUrl: string | null;
  version: number;
  createdAt: string;
}

export const stateLabels: Record<TargetState, string> = {
  draft: "Draft",
  pending_approval: "Awaiting approval",
  scheduled: "Scheduled",
  publishing: "Publishing",
  published: "Published",
  failed: "Failed",
  needs_review: "Needs review",
  canceled: "Canceled",
};

const stateBadges: Record<TargetState, string> = {
  draft: "",
  pending_approval: "badge-warning",
  scheduled: "badge-accent",
  publishing: "badge-accent",
  published: "badge-success",
  failed: "badge-danger",
  needs_review: "badge-danger",
  canceled: "",
};

export function stateBadge(state: TargetState): HTMLSpanElement {
  return h(
    "span",
    { class: `badge badge-state ${stateBadges[state]}`, "data-state": state },
    stateLabels[state],
  );
}

/** A post's derived status as a badge, coloured like its targets' states. */
export function statusBadge(status: string): HTMLSpanElement {
  const tone: Record<string, string> = {
    ...stateBadges,
    partially_failed: "badge-danger",
    partially_published: "badge-success",
  };
  return h(
    "span",
    { class: `badge badge-status ${tone[status] ?? ""}`, "data-status": status },
    statusLabel(status),
  );
}

/** A post's derived status (see packages/core post/status.ts) in words. */
export function statusLabel(status: string): string {
  const known: Record<string, string> = {
    ...stateLabels,
    partially_failed: "Partly failed",
    partially_published: "Partly published",
  };
  return known[status] ?? status.replace(/_/g, " ");
}

/** Targets in these states can be moved to another time. */
export const movableStates: TargetState[] = ["scheduled", "pending_approval"];

export const can = {
  write: (role: string) => atLeast(role, "editor"),
  approve: (role: string) => atLeast(role, "admin"),
  connect: (role: string) => atLeast(role, "admin"),
};

/** "@jamie" — a handle with one @, whether or not the network's handle has one. */
export function at(handle: string): string {
  return handle.startsWith("@") ? handle : `@${handle}`;
}

/** "Jamie (@jamie)" — how an account is named in sentences. */
export function accountName(account: Account | undefined): string {
  if (!account) return "A removed account";
  return account.displayName && account.displayName !== account.handle
    ? `${account.displayName} (${at(account.handle)})`
    : at(account.handle);
}

export function accountsById(accounts: Account[]): Map<string, Account> {
  return new Map(accounts.map((account) => [account.id, account]));
}

export function postUrl(postId: string): string {
  return `/app/post?id=${encodeURIComponent(postId)}`;
}

export function editUrl(postId: string): string {
  return `/app/compose?post=${encodeURIComponent(postId)}`;
}

/** The first line of a post's text, shortened for lists. */
export function excerpt(text: string, length = 120): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > length ? `${line.slice(0, length - 1)}…` : line || "(no text)";
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
