import type { NetworkDescription } from "../description.ts";
import { tiktokName } from "./api.ts";
import { createTikTok } from "./index.ts";
import { tiktokMediaPolicy, tiktokRules } from "./rules.ts";

/** Everything Cadence knows about tiktok, in one place; the registry lists it. */
export const tiktokNetwork: NetworkDescription = {
  id: tiktokName.network,
  displayName: tiktokName.displayName,
  color: "#EE1D52",
  connect: { method: "oauth", server: "none" },
  create: createTikTok,
  rules: tiktokRules,
  text: { counting: "utf16_units", unit: "characters" },
  media: { post: tiktokMediaPolicy },
  options: [],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 15 }, // creator posting cap per day
  },
  capabilities: {
    threads: false,
    firstComment: false,
    video: true,
    metrics: true,
    accountMetrics: false,
    webhooks: false,
    autorepostSource: true,
    reconcile: true,
  },
};
