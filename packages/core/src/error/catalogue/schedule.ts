import type { Catalogue } from "./entry.ts";

/** When posts go out: times, zones, recurrence, posting slots and the queue. */
export const scheduleErrors = {
  invalid_time: {
    status: 400,
    title: "Not a time Cadence can read",
    fix: "Write the time as YYYY-MM-DDTHH:mm in the chosen zone, or as an ISO-8601 instant.",
  },
  invalid_rrule: {
    status: 400,
    title: "The recurrence rule is not valid",
    fix: "Write an RFC 5545 rule that occurs at least once, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10.",
  },
  time_in_past: {
    status: 400,
    title: "That time has passed",
    fix: "Pick a later time, or publish now.",
  },
  time_too_far: {
    status: 400,
    title: "That time is too far ahead",
    fix: "Pick an earlier time, within how far ahead Cadence schedules.",
  },
  no_posting_slots: {
    status: 400,
    title: "The account has no posting slots",
    fix: "Add posting slots in the account's queue settings, or pick a time.",
  },
  queue_full: {
    status: 409,
    title: "Every posting slot is taken",
    fix: "Add posting slots to the account, or pick a time.",
  },
  not_in_queue: {
    status: 400,
    title: "Not in this account's queue",
    fix: "Reload the queue and name only posts waiting in it.",
  },
  duplicate_target: {
    status: 400,
    title: "A queued post is named twice",
    fix: "Name each queued post once.",
  },
  missed_window: {
    status: 409,
    title: "Too late to publish",
    fix: "It was due longer ago than the workspace's late-publish window allows. Reschedule it.",
  },
} as const satisfies Catalogue;
