import { defineNetwork } from "../description.ts";
import { tiktokName } from "./api.ts";
import { tiktokMediaPolicy, tiktokRules } from "./rules.ts";

/** TikTok as Cadence knows it, in one place; registry.ts lists it. */
export const tiktokNetwork = defineNetwork(tiktokName, {
  color: "#EE1D52",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createTikTok),
  tokens: ["refresh", "revoke"],
  rules: tiktokRules,
  counting: "utf16_units",
  media: { post: tiktokMediaPolicy },
  perAccount: { windowSeconds: 86_400, max: 15 }, // creator posting cap per day
  can: ["autorepostSource", "reconcile"],
});
