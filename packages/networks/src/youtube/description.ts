import type { NetworkDescription } from "../description.ts";
import { youtubeName } from "./api.ts";
import { createYouTube } from "./index.ts";
import { youtubeMediaPolicy, youtubeRules } from "./rules.ts";

/** Everything Cadence knows about youtube, in one place; the registry lists it. */
export const youtubeNetwork: NetworkDescription = {
  id: youtubeName.network,
  displayName: youtubeName.displayName,
  color: "#E00000",
  connect: { method: "oauth", server: "none" },
  create: createYouTube,
  rules: youtubeRules,
  text: { counting: "utf8_bytes", unit: "bytes (UTF-8)" },
  media: { post: youtubeMediaPolicy },
  options: ["title", "privacy", "shorts"],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 6 }, // upload quota (1,600 units each of 10,000)
  },
  capabilities: {
    threads: false,
    firstComment: true,
    video: true,
    metrics: true,
    accountMetrics: false,
    webhooks: false,
    autorepostSource: true,
    reconcile: true,
  },
};
