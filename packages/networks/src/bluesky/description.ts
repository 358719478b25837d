import type { NetworkDescription } from "../description.ts";
import { blueskyName } from "./api.ts";
import { createBluesky } from "./index.ts";
import { blueskyMediaPolicy, blueskyRules } from "./rules.ts";

/** Everything Cadence knows about bluesky, in one place; the registry lists it. */
export const blueskyNetwork: NetworkDescription = {
  id: blueskyName.network,
  displayName: blueskyName.displayName,
  color: "#1185FE",
  connect: { method: "app_password", server: "optional" },
  create: createBluesky,
  rules: blueskyRules,
  text: { counting: "graphemes", unit: "characters" },
  media: { post: blueskyMediaPolicy },
  options: [],
  pacing: {
    perAccount: { windowSeconds: 3_600, max: 1_600 }, // 5,000 points per hour, 3 per record
  },
  capabilities: {
    threads: true,
    firstComment: true,
    video: true,
    metrics: true,
    accountMetrics: false,
    webhooks: false,
    autorepostSource: true,
    reconcile: true,
  },
};
