import type { Catalogue } from "./entry.ts";

/** Rules that repost one account's new posts onto others. */
export const autorepostErrors = {
  autorepost_loop: {
    status: 409,
    title: "The rules would repost each other",
    fix: "Remove one of the accounts from this rule, or change the other rule first, so no post comes back to its source.",
  },
  autorepost_rule_not_found: {
    status: 404,
    title: "No such autorepost rule",
    fix: "Reload the workspace's autorepost rules and choose one of them.",
  },
  too_many_autorepost_rules: {
    status: 409,
    title: "Too many autorepost rules",
    fix: "Delete a rule you no longer use, then save this one.",
  },
  source_not_supported: {
    status: 400,
    title: "Cadence cannot read this account's posts",
    fix: "Choose a source account on a network Cadence can read new posts from.",
  },
  source_unavailable: {
    status: 503,
    title: "The source account could not be read",
    fix: "Cadence will read the source account again at its next run; nothing needs doing unless it keeps failing.",
  },
  target_is_source: {
    status: 400,
    title: "The rule reposts onto its own source",
    fix: "Choose target accounts other than the source.",
  },
  feed_not_found: {
    status: 404,
    title: "No such feed",
    fix: "Reload the workspace's feeds and choose one of them.",
  },
  too_many_feeds: {
    status: 409,
    title: "Too many feeds",
    fix: "Delete a feed you no longer use, then add this one.",
  },
  feed_unreachable: {
    status: 400,
    title: "Cadence could not fetch the feed",
    fix: "Give the feed's public https address (it ends in .xml, .rss, /feed or .json on most sites) and check that it opens in a browser.",
  },
  not_a_feed: {
    status: 400,
    title: "The address is not a feed",
    fix: "Give the address of the site's RSS, Atom or JSON feed, not of its home page.",
  },
} as const satisfies Catalogue;
