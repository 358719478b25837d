import { defineNetwork } from "../description.ts";
import { threadsName } from "./api.ts";
import { threadsMediaPolicy, threadsRules } from "./rules.ts";

/** Threads as Cadence knows it, in one place; registry.ts lists it. */
export const threadsNetwork = defineNetwork(threadsName, {
  color: "#14171A",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createThreads),
  tokens: ["refresh"],
  rules: threadsRules,
  counting: "emoji_bytes",
  media: { post: threadsMediaPolicy },
  perAccount: { windowSeconds: 86_400, max: 250 }, // 250 posts per 24 h
  can: ["threads", "firstComment", "webhooks", "reconcile"],
});
