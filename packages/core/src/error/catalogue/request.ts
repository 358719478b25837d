import type { Catalogue } from "./entry.ts";

/** What any request can meet at the edge: its shape, its size, versions and repeats. */
export const requestErrors = {
  invalid_input: {
    status: 400,
    title: "The request is not valid",
    fix: "Correct the field named in `field` (the sentence says what it takes) and send the request again.",
  },
  route_not_found: {
    status: 404,
    title: "No such route",
    fix: "Check the method and path against the API reference at /docs.",
  },
  body_too_large: {
    status: 413,
    title: "The request body is too large",
    fix: "Send a smaller body; the sentence says the most this route takes.",
  },
  unsupported_content_type: {
    status: 415,
    title: "The request body's type is not accepted",
    fix: "Send the body with one of the content types the route lists (usually application/json).",
  },
  invalid_cursor: {
    status: 400,
    title: "The cursor is not valid",
    fix: "Start the list again without a cursor, then follow the cursors it returns.",
  },
  version_required: {
    status: 428,
    title: "The version is missing",
    fix: "Send the version you edited, as an If-Match header or a `version` field, so no one's change is lost.",
  },
  version_conflict: {
    status: 412,
    title: "Changed since you loaded it",
    fix: "Someone else changed it after you loaded it. Reload it and apply your change again.",
  },
  changed_meanwhile: {
    status: 409,
    title: "Changed while you were deciding",
    fix: "It changed between your reading it and your action (someone else acted first). Reload it and try again.",
  },
  write_contended: {
    status: 503,
    title: "Another change was being saved",
    fix: "Another change to the same item was being saved at that moment. Send the request again in a few seconds.",
  },
  invalid_idempotency_key: {
    status: 400,
    title: "The Idempotency-Key is not valid",
    fix: "Use 8 to 128 letters, digits, dots, colons, dashes or underscores (a UUID works).",
  },
  idempotency_key_reused: {
    status: 400,
    title: "The Idempotency-Key was used for another request",
    fix: "Use a new Idempotency-Key for each new request; repeat a key only to repeat the same request.",
  },
  request_in_progress: {
    status: 409,
    title: "The same request is still running",
    fix: "A request with this Idempotency-Key is still being processed. Send it again in a moment to get its answer.",
  },
  link_not_allowed: {
    status: 400,
    title: "The link is not on the Cadence site",
    fix: "Give an address on the Cadence site itself; Cadence sends browsers nowhere else.",
  },
  webhook_not_found: {
    status: 404,
    title: "No webhooks from this network",
    fix: "Point the network's webhook at /webhooks/{network} for a network Cadence takes webhooks from.",
  },
  webhook_signature_invalid: {
    status: 401,
    title: "The delivery's signature does not match",
    fix: "Sign the delivery with the app secret configured for this network, over the exact body sent.",
  },
  job_not_found: {
    status: 404,
    title: "No such job",
    fix: "Check the job id; jobs are kept for 7 days after they finish.",
  },
  job_crashed: {
    status: 500,
    title: "The job stopped on Cadence's side",
    fix: "The job stopped several times on Cadence's side. Start it again later; if it keeps stopping, contact support with the job id.",
  },
  dead_letter_not_found: {
    status: 404,
    title: "No such dead message",
    fix: "Reload the list of dead messages: this one was redriven, deleted or belongs to another workspace.",
  },
  internal_error: {
    status: 500,
    title: "Something went wrong on Cadence's side",
    fix: "Try again; if it keeps happening, contact support with the request id.",
  },
} as const satisfies Catalogue;
