import { defineNetwork } from "../description.ts";
import { pinterestName } from "./api.ts";
import { pinterestMediaPolicy, pinterestRules } from "./rules.ts";

/** Pinterest as Cadence knows it, in one place; registry.ts lists it. */
export const pinterestNetwork = defineNetwork(pinterestName, {
  color: "#E60023",
  // The adapter and its libraries load on first use (lazy.ts).
  load: () => import("./index.ts").then((adapter) => adapter.createPinterest),
  tokens: ["refresh"],
  rules: pinterestRules,
  counting: "graphemes",
  media: { post: pinterestMediaPolicy },
  options: ["boardId", "link"],
  perAccount: { windowSeconds: 86_400, max: 1_000 },
  can: ["reconcile"],
});
