import type { NetworkDescription } from "../description.ts";
import { xName } from "./api.ts";
import { createX } from "./index.ts";
import { xMediaPolicy, xRules } from "./rules.ts";

/** Everything Cadence knows about x, in one place; the registry lists it. */
export const xNetwork: NetworkDescription = {
  id: xName.network,
  displayName: xName.displayName,
  color: "#14171A",
  connect: { method: "oauth", server: "none" },
  create: createX,
  rules: xRules,
  text: { counting: "weighted", unit: "characters (weighted)" },
  media: { post: xMediaPolicy },
  options: [],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 100 }, // POST /2/tweets: 100 per user per 24 h
    perApp: { windowSeconds: 86_400, max: 10_000 }, // app-level cap on POST /2/tweets
  },
  capabilities: {
    threads: true,
    firstComment: true,
    video: true,
    metrics: true,
    accountMetrics: true,
    webhooks: true,
    autorepostSource: true,
    reconcile: true,
  },
};
