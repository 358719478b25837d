import type { Catalogue } from "./entry.ts";

/** Reading figures back: periods, filters. */
export const analyticsErrors = {
  invalid_period: {
    status: 400,
    title: "The period is not valid",
    fix: "Give from and to as YYYY-MM-DD with from on or before to, within the longest period the list allows.",
  },
  one_filter_only: {
    status: 400,
    title: "One filter at a time",
    fix: "Filter by one of account, network, campaign or tag at a time.",
  },
} as const satisfies Catalogue;
