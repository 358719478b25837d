import { defineNetwork } from "../description.ts";
import { linkedInName } from "./api.ts";
import { linkedInMediaPolicy, linkedInRules } from "./rules.ts";

/** LinkedIn as Cadence knows it, in one place; registry.ts lists it. */
export const linkedInNetwork = defineNetwork(linkedInName, {
  color: "#0A66C2",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createLinkedIn),
  tokens: ["refresh"],
  rules: linkedInRules,
  counting: "graphemes",
  media: { post: linkedInMediaPolicy },
  options: ["linkCard"],
  perAccount: { windowSeconds: 86_400, max: 150 }, // member shares per day
  can: ["firstComment", "reconcile"],
});
