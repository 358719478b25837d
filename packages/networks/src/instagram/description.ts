import type { NetworkDescription } from "../description.ts";
import { instagramName } from "./api.ts";
import { createInstagram } from "./index.ts";
import { instagramMediaPolicies, instagramRules } from "./rules.ts";

/** Everything Cadence knows about instagram, in one place; the registry lists it. */
export const instagramNetwork: NetworkDescription = {
  id: instagramName.network,
  displayName: instagramName.displayName,
  color: "#D62976",
  connect: { method: "oauth", server: "none" },
  create: createInstagram,
  rules: instagramRules,
  text: { counting: "graphemes", unit: "characters" },
  media: instagramMediaPolicies,
  options: ["postType"],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 50 }, // content_publishing_limit: 50 posts per 24 h
  },
  capabilities: {
    threads: false,
    firstComment: true,
    video: true,
    metrics: true,
    accountMetrics: false,
    webhooks: true,
    autorepostSource: false,
    reconcile: true,
  },
};
