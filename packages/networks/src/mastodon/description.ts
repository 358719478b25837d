import { defineNetwork } from "../description.ts";
import { mastodonName } from "./api.ts";
import { registerApp } from "./apps.ts";
import { createMastodon } from "./index.ts";
import { mastodonMediaPolicy, mastodonRules } from "./rules.ts";

/** Mastodon as Cadence knows it, in one place; registry.ts lists it. */
export const mastodonNetwork = defineNetwork(mastodonName, {
  color: "#6364FF",
  connect: { method: "oauth", server: "required" },
  create: createMastodon,
  rules: mastodonRules,
  counting: "graphemes_links_23",
  unit: "characters (links count 23)",
  media: { post: mastodonMediaPolicy },
  perAccount: { windowSeconds: 10_800, max: 300 }, // 300 statuses per 3 h
  can: ["threads", "firstComment", "accountMetrics", "autorepostSource", "reconcile"],
  registerApp,
});
