import type { NetworkDescription } from "../description.ts";
import { mastodonName } from "./api.ts";
import { registerApp } from "./apps.ts";
import { createMastodon } from "./index.ts";
import { mastodonMediaPolicy, mastodonRules } from "./rules.ts";

/** Everything Cadence knows about mastodon, in one place; the registry lists it. */
export const mastodonNetwork: NetworkDescription = {
  id: mastodonName.network,
  displayName: mastodonName.displayName,
  color: "#6364FF",
  connect: { method: "oauth", server: "required" },
  create: createMastodon,
  rules: mastodonRules,
  text: { counting: "graphemes_links_23", unit: "characters (links count 23)" },
  media: { post: mastodonMediaPolicy },
  options: [],
  pacing: {
    perAccount: { windowSeconds: 10_800, max: 300 }, // 300 statuses per 3 h
  },
  capabilities: {
    threads: true,
    firstComment: true,
    video: true,
    metrics: true,
    accountMetrics: true,
    webhooks: false,
    autorepostSource: true,
    reconcile: true,
  },
  registerApp,
};
