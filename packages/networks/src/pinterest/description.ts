import type { NetworkDescription } from "../description.ts";
import { pinterestName } from "./api.ts";
import { createPinterest } from "./index.ts";
import { pinterestMediaPolicy, pinterestRules } from "./rules.ts";

/** Everything Cadence knows about pinterest, in one place; the registry lists it. */
export const pinterestNetwork: NetworkDescription = {
  id: pinterestName.network,
  displayName: pinterestName.displayName,
  color: "#E60023",
  connect: { method: "oauth", server: "none" },
  create: createPinterest,
  rules: pinterestRules,
  text: { counting: "graphemes", unit: "characters" },
  media: { post: pinterestMediaPolicy },
  options: ["boardId", "link"],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 1_000 },
  },
  capabilities: {
    threads: false,
    firstComment: false,
    video: true,
    metrics: true,
    accountMetrics: false,
    webhooks: false,
    autorepostSource: false,
    reconcile: true,
  },
};
