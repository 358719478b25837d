import type { NetworkDescription } from "../description.ts";
import { googleBusinessName } from "./api.ts";
import { createGoogleBusiness } from "./index.ts";
import { googleBusinessMediaPolicy, googleBusinessRules } from "./rules.ts";

/** Everything Cadence knows about google-business, in one place; the registry lists it. */
export const googleBusinessNetwork: NetworkDescription = {
  id: googleBusinessName.network,
  displayName: googleBusinessName.displayName,
  color: "#1E8E3E",
  connect: { method: "oauth", server: "none" },
  create: createGoogleBusiness,
  rules: googleBusinessRules,
  text: { counting: "code_points", unit: "characters" },
  media: { post: googleBusinessMediaPolicy },
  options: [],
  pacing: {
    perAccount: { windowSeconds: 86_400, max: 100 },
  },
  capabilities: {
    threads: false,
    firstComment: false,
    video: false,
    metrics: true,
    accountMetrics: false,
    webhooks: false,
    autorepostSource: false,
    reconcile: true,
  },
};
