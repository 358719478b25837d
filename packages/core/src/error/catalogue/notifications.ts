import type { Catalogue } from "./entry.ts";

/** Notifications, their mail and outbound webhooks. */
export const notificationErrors = {
  notification_not_found: {
    status: 404,
    title: "No such notification",
    fix: "Reload your notifications; they are kept 90 days.",
  },
  unsubscribe_token_invalid: {
    status: 400,
    title: "The unsubscribe link is not valid",
    fix: "Open the link from the latest email again, or change your notification settings in Cadence.",
  },
  endpoint_not_found: {
    status: 404,
    title: "No such webhook endpoint",
    fix: "Reload the workspace's webhook endpoints and choose one of them.",
  },
  too_many_endpoints: {
    status: 409,
    title: "Too many webhook endpoints",
    fix: "Delete an endpoint you no longer use, then add the new one.",
  },
  endpoint_disabled: {
    status: 409,
    title: "The endpoint is turned off",
    fix: "Turn the endpoint on first, then send the delivery again.",
  },
  delivery_not_found: {
    status: 404,
    title: "No such delivery",
    fix: "Reload the endpoint's delivery log; deliveries are kept 30 days.",
  },
  delivery_in_progress: {
    status: 409,
    title: "The delivery is still being attempted",
    fix: "Wait for its next attempt, then try again.",
  },
} as const satisfies Catalogue;
