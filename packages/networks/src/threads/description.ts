import type { NetworkDescription } from "../description.ts";
import { threadsName } from "./api.ts";
import { createThreads } from "./index.ts";
import { threadsMediaPolicy, threadsRules } from "./rules.ts";

/** Everything Cadence knows about threads, in one place; the registry lists it. */
export const threadsNetwork: NetworkDescription = {
  id: threadsName.network,
  displayName: threadsName.displayName,
  color: "#14171A",
  connect: { method: "oauth", server: "none" },
  create: createThreads,
  rules: threadsRules,
  text: { counting: "emoji_bytes", unit: "characters" },
  media: { post: threadsMediaPolicy },
  options: [],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 250 }, // 250 posts per 24 h
  },
  capabilities: {
    threads: true,
    firstComment: true,
    video: true,
    metrics: true,
    accountMetrics: false,
    webhooks: true,
    autorepostSource: false,
    reconcile: true,
  },
};
