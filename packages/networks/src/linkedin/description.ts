import { defineNetwork } from "../description.ts";
import { linkedInName } from "./api.ts";
import { createLinkedIn } from "./index.ts";
import { linkedInMediaPolicy, linkedInRules } from "./rules.ts";

/** LinkedIn as Cadence knows it, in one place; registry.ts lists it. */
export const linkedInNetwork = defineNetwork(linkedInName, {
  color: "#0A66C2",
  create: createLinkedIn,
  rules: linkedInRules,
  counting: "graphemes",
  media: { post: linkedInMediaPolicy },
  options: ["linkCard"],
  perAccount: { windowSeconds: 86_400, max: 150 }, // member shares per day
  can: ["firstComment", "reconcile"],
});
