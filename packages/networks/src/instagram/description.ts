import { defineNetwork } from "../description.ts";
import { instagramName } from "./api.ts";
import { instagramMediaPolicies, instagramRules } from "./rules.ts";

/** Instagram as Cadence knows it, in one place; registry.ts lists it. */
export const instagramNetwork = defineNetwork(instagramName, {
  color: "#D62976",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createInstagram),
  tokens: ["refresh"],
  rules: instagramRules,
  counting: "graphemes",
  media: instagramMediaPolicies,
  options: ["postType"],
  perAccount: { windowSeconds: 86_400, max: 50 }, // content_publishing_limit: 50 posts per 24 h
  can: ["firstComment", "webhooks", "reconcile"],
});
