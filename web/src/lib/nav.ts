/**
 * The app's navigation, in order. A screen gets its entry here when it ships; `minRole` hides
 * an entry from roles the screen has nothing for.
 */
import type { Role } from "./roles.ts";

export type NavKey =
  | "overview"
  | "compose"
  | "calendar"
  | "queue"
  | "analytics"
  | "approvals"
  | "attention"
  | "media"
  | "connections"
  | "autorepost"
  | "feeds"
  | "team"
  | "activity"
  | "api-keys"
  | "notifications"
  | "webhooks"
  | "settings"
  | "billing";

export interface NavEntry {
  key: NavKey;
  href: string;
  label: string;
  icon:
    | "home"
    | "compose"
    | "calendar"
    | "queue"
    | "chart"
    | "check"
    | "alert"
    | "image"
    | "link"
    | "repeat"
    | "rss"
    | "team"
    | "activity"
    | "key"
    | "bell"
    | "webhook"
    | "settings"
    | "card";
  minRole?: Role;
}

export const navigation: NavEntry[] = [
  { key: "overview", href: "/app", label: "Overview", icon: "home" },
  { key: "compose", href: "/app/compose", label: "New post", icon: "compose", minRole: "editor" },
  { key: "calendar", href: "/app/calendar", label: "Calendar", icon: "calendar" },
  { key: "queue", href: "/app/queue", label: "Queue", icon: "queue" },
  { key: "analytics", href: "/app/analytics", label: "Analytics", icon: "chart" },
  { key: "approvals", href: "/app/approvals", label: "Approvals", icon: "check", minRole: "admin" },
  { key: "attention", href: "/app/attention", label: "Needs attention", icon: "alert" },
  { key: "media", href: "/app/media", label: "Media", icon: "image" },
  { key: "connections", href: "/app/connections", label: "Accounts", icon: "link" },
  { key: "autorepost", href: "/app/autorepost", label: "Autorepost", icon: "repeat" },
  { key: "feeds", href: "/app/feeds", label: "Feeds", icon: "rss" },
  { key: "team", href: "/app/team", label: "Team", icon: "team" },
  { key: "activity", href: "/app/activity", label: "Activity", icon: "activity" },
  { key: "api-keys", href: "/app/api-keys", label: "API keys", icon: "key", minRole: "admin" },
  { key: "notifications", href: "/app/notifications", label: "Notifications", icon: "bell" },
  { key: "webhooks", href: "/app/webhooks", label: "Webhooks", icon: "webhook", minRole: "admin" },
  { key: "settings", href: "/app/settings", label: "Settings", icon: "settings" },
  { key: "billing", href: "/app/billing", label: "Plan & billing", icon: "card" },
];
