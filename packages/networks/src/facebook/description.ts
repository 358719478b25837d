import { defineNetwork } from "../description.ts";
import { facebookName } from "./api.ts";
import { facebookMediaPolicy, facebookRules } from "./rules.ts";

/** Facebook as Cadence knows it, in one place; registry.ts lists it. */
export const facebookNetwork = defineNetwork(facebookName, {
  color: "#1877F2",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createFacebook),
  tokens: ["revoke"],
  rules: facebookRules,
  counting: "graphemes",
  media: { post: facebookMediaPolicy },
  options: ["linkCard"],
  perAccount: { windowSeconds: 3_600, max: 200 }, // page-level Graph API calls, conservatively
  can: ["firstComment", "webhooks", "reconcile"],
});
