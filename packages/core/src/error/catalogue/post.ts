import type { Catalogue } from "./entry.ts";

/** Posts, their targets, presets and signatures. */
export const postErrors = {
  post_not_found: {
    status: 404,
    title: "No such post",
    fix: "Check the post id; it may have been deleted or belong to another workspace.",
  },
  target_not_found: {
    status: 404,
    title: "No such account target",
    fix: "Reload the post and choose one of its targets.",
  },
  duplicate_account: {
    status: 400,
    title: "An account is listed twice",
    fix: "List each account once.",
  },
  content_invalid: {
    status: 400,
    title: "The post breaks a network's rules",
    fix: "Change what `details.issues` names for each network (length, media, required fields), then save again.",
  },
  post_publishing: {
    status: 409,
    title: "The post is being published",
    fix: "Try again in a minute; once it has gone out, duplicate it to post a changed version.",
  },
  post_not_editable: {
    status: 409,
    title: "The post has already gone out",
    fix: "Duplicate the post to publish a changed version.",
  },
  nothing_to_pause: {
    status: 409,
    title: "Nothing is waiting to go out",
    fix: "Only a post with targets still waiting can be paused.",
  },
  not_paused: {
    status: 409,
    title: "The post is not paused",
    fix: "Reload the post: it is already running.",
  },
  not_retryable: {
    status: 409,
    title: "This target cannot be retried",
    fix: "Only failed or needs-review targets can be retried; reload the post to see its state.",
  },
  preset_not_found: {
    status: 404,
    title: "No such preset",
    fix: "Reload the workspace's presets and choose one of them.",
  },
  too_many_presets: {
    status: 409,
    title: "Too many presets",
    fix: "Delete a preset you no longer use, then save this one.",
  },
  signature_not_found: {
    status: 404,
    title: "No such signature",
    fix: "Reload the workspace's signatures and choose one of them.",
  },
  too_many_signatures: {
    status: 409,
    title: "Too many signatures",
    fix: "Delete a signature you no longer use, then save this one.",
  },
  auto_append_taken: {
    status: 409,
    title: "The account already gets a signature",
    fix: "An account gets one signature automatically: remove it from the other signature first.",
  },
} as const satisfies Catalogue;
