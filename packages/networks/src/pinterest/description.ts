import { defineNetwork } from "../description.ts";
import { pinterestName } from "./api.ts";
import { createPinterest } from "./index.ts";
import { pinterestMediaPolicy, pinterestRules } from "./rules.ts";

/** Pinterest as Cadence knows it, in one place; registry.ts lists it. */
export const pinterestNetwork = defineNetwork(pinterestName, {
  color: "#E60023",
  create: createPinterest,
  rules: pinterestRules,
  counting: "graphemes",
  media: { post: pinterestMediaPolicy },
  options: ["boardId", "link"],
  perAccount: { windowSeconds: 86_400, max: 1_000 },
  can: ["reconcile"],
});
