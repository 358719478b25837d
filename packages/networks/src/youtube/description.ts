import { defineNetwork } from "../description.ts";
import { youtubeName } from "./api.ts";
import { youtubeMediaPolicy, youtubeRules } from "./rules.ts";

/** YouTube as Cadence knows it, in one place; registry.ts lists it. */
export const youtubeNetwork = defineNetwork(youtubeName, {
  color: "#E00000",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createYouTube),
  tokens: ["refresh", "revoke"],
  rules: youtubeRules,
  counting: "utf8_bytes",
  unit: "bytes (UTF-8)",
  media: { post: youtubeMediaPolicy },
  options: ["title", "privacy", "shorts"],
  perAccount: { windowSeconds: 86_400, max: 6 }, // upload quota (1,600 units each of 10,000)
  can: ["firstComment", "autorepostSource", "reconcile"],
});
