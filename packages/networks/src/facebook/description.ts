import type { NetworkDescription } from "../description.ts";
import { facebookName } from "./api.ts";
import { createFacebook } from "./index.ts";
import { facebookMediaPolicy, facebookRules } from "./rules.ts";

/** Everything Cadence knows about facebook, in one place; the registry lists it. */
export const facebookNetwork: NetworkDescription = {
  id: facebookName.network,
  displayName: facebookName.displayName,
  color: "#1877F2",
  connect: { method: "oauth", server: "none" },
  create: createFacebook,
  rules: facebookRules,
  text: { counting: "graphemes", unit: "characters" },
  media: { post: facebookMediaPolicy },
  options: ["linkCard"],
  pacing: {
    perAccount: { windowSeconds: 3_600, max: 200 }, // page-level Graph API calls, conservatively
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
