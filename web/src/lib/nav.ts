/**
 * The app's navigation, in order. A screen gets its entry here when it ships (posts, calendar,
 * connections and approvals join when they exist); `minRole` hides an entry from roles the
 * screen has nothing for.
 */
import type { Role } from "./roles.ts";

export type NavKey = "overview" | "team" | "activity" | "api-keys" | "settings";

export interface NavEntry {
  key: NavKey;
  href: string;
  label: string;
  icon: "home" | "team" | "activity" | "key" | "settings";
  minRole?: Role;
}

export const navigation: NavEntry[] = [
  { key: "overview", href: "/app", label: "Overview", icon: "home" },
  { key: "team", href: "/app/team", label: "Team", icon: "team" },
  { key: "activity", href: "/app/activity", label: "Activity", icon: "activity" },
  { key: "api-keys", href: "/app/api-keys", label: "API keys", icon: "key", minRole: "admin" },
  { key: "settings", href: "/app/settings", label: "Settings", icon: "settings" },
];
