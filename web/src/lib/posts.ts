/**
 * Posts, their targets, social accounts, calendar entries and media as the site reads them
 * from the API (see /openapi.json), with the words and badges every screen uses for them.
 */
import type { Schema } from "./api.ts";
import { h } from "./dom.ts";
import { atLeast } from "./roles.ts";

export type Post = Schema<"Post">;
export type Target = Post["targets"][number];
export type TargetState = Target["state"];
export type TargetError = NonNullable<Target["error"]>;
export type Overrides = Target["overrides"];
export type ScheduleIntent = Post["schedule"];
export type Account = Schema<"Account">;
export type CalendarEntry = Schema<"CalendarEntry">;
export type MediaItem = Schema<"Media">;

export const targetStates = [
  "draft",
  "pending_approval",
  "scheduled",
  "publishing",
  "published",
  "failed",
  "needs_review",
  "canceled",
  "held",
] as const satisfies readonly TargetState[];

export const stateLabels: Record<TargetState, string> = {
  draft: "Draft",
  pending_approval: "Awaiting approval",
  scheduled: "Scheduled",
  publishing: "Publishing",
  published: "Published",
  failed: "Failed",
  needs_review: "Needs review",
  canceled: "Canceled",
  held: "Held until reconnected",
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
  held: "badge-warning",
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
