import { defineNetwork } from "../description.ts";
import { googleBusinessName } from "./api.ts";
import { googleBusinessMediaPolicy, googleBusinessRules } from "./rules.ts";

/** Google Business Profile as Cadence knows it, in one place; registry.ts lists it. */
export const googleBusinessNetwork = defineNetwork(googleBusinessName, {
  color: "#1E8E3E",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createGoogleBusiness),
  tokens: ["refresh", "revoke"],
  rules: googleBusinessRules,
  counting: "code_points",
  media: { post: googleBusinessMediaPolicy },
  perAccount: { windowSeconds: 86_400, max: 100 },
  can: ["reconcile"],
});
