import { defineNetwork } from "../description.ts";
import { facebookName } from "./api.ts";
import { createFacebook } from "./index.ts";
import { facebookMediaPolicy, facebookRules } from "./rules.ts";

/** Facebook as Cadence knows it, in one place; registry.ts lists it. */
export const facebookNetwork = defineNetwork(facebookName, {
  color: "#1877F2",
  create: createFacebook,
  rules: facebookRules,
  counting: "graphemes",
  media: { post: facebookMediaPolicy },
  options: ["linkCard"],
  perAccount: { windowSeconds: 3_600, max: 200 }, // page-level Graph API calls, conservatively
  can: ["firstComment", "webhooks", "reconcile"],
});
