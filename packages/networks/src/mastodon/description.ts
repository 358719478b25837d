import { defineNetwork } from "../description.ts";
import { mastodonName } from "./api.ts";
import { registerApp } from "./apps.ts";
import { mastodonMediaPolicy, mastodonRules } from "./rules.ts";

/** Mastodon as Cadence knows it, in one place; registry.ts lists it. */
export const mastodonNetwork = defineNetwork(mastodonName, {
  color: "#6364FF",
  connect: { method: "oauth", server: "required" },
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createMastodon),
  tokens: ["revoke"],
  rules: mastodonRules,
  counting: "graphemes_links_23",
  unit: "characters (links count 23)",
  media: { post: mastodonMediaPolicy },
  perAccount: { windowSeconds: 10_800, max: 300 }, // 300 statuses per 3 h
  can: ["threads", "firstComment", "accountMetrics", "autorepostSource", "reconcile"],
  registerApp,
});
