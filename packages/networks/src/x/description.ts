import { defineNetwork } from "../description.ts";
import { xName } from "./api.ts";
import { xMediaPolicy, xRules } from "./rules.ts";

/** X as Cadence knows it, in one place; registry.ts lists it. */
export const xNetwork = defineNetwork(xName, {
  color: "#14171A",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createX),
  tokens: ["refresh", "revoke"],
  rules: xRules,
  counting: "weighted",
  unit: "characters (weighted)",
  media: { post: xMediaPolicy },
  perAccount: { windowSeconds: 86_400, max: 100 }, // POST /2/tweets: 100 per user per 24 h
  perApp: { windowSeconds: 86_400, max: 10_000 }, // app-level cap on POST /2/tweets
  can: ["threads", "firstComment", "accountMetrics", "webhooks", "autorepostSource", "reconcile"],
});
