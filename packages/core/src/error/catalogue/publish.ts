import type { Catalogue } from "./entry.ts";

/** What a target says when publishing it did not end as planned. */
export const publishErrors = {
  outcome_unknown: {
    status: 409,
    title: "Cadence lost track of the publish",
    fix: "Check the account on the network: if the post is not there, retry it.",
  },
} as const satisfies Catalogue;
