import { defineNetwork } from "../description.ts";
import { blueskyName } from "./api.ts";
import { blueskyMediaPolicy, blueskyRules } from "./rules.ts";

/** Bluesky as Cadence knows it, in one place; registry.ts lists it. */
export const blueskyNetwork = defineNetwork(blueskyName, {
  color: "#1185FE",
  connect: { method: "app_password", server: "optional" },
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createBluesky),
  tokens: ["refresh", "revoke"],
  rules: blueskyRules,
  counting: "graphemes",
  media: { post: blueskyMediaPolicy },
  perAccount: { windowSeconds: 3_600, max: 1_600 }, // 5,000 points per hour, 3 per record
  can: ["threads", "firstComment", "autorepostSource", "reconcile"],
});
