import type { NetworkDescription } from "../description.ts";
import { linkedInName } from "./api.ts";
import { createLinkedIn } from "./index.ts";
import { linkedInMediaPolicy, linkedInRules } from "./rules.ts";

/** Everything Cadence knows about linkedin, in one place; the registry lists it. */
export const linkedInNetwork: NetworkDescription = {
  id: linkedInName.network,
  displayName: linkedInName.displayName,
  color: "#0A66C2",
  connect: { method: "oauth", server: "none" },
  create: createLinkedIn,
  rules: linkedInRules,
  text: { counting: "graphemes", unit: "characters" },
  media: { post: linkedInMediaPolicy },
  options: ["linkCard"],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 150 }, // member shares per day
  },
  capabilities: {
    threads: false,
    firstComment: true,
    video: true,
    metrics: true,
    accountMetrics: false,
    webhooks: false,
    autorepostSource: false,
    reconcile: true,
  },
};
