import type { Catalogue } from "./entry.ts";

/** Social accounts: connecting them, their sign-in with the network, and the networks. */
export const accountErrors = {
  account_not_found: {
    status: 404,
    title: "No such social account",
    fix: "Reload the workspace's accounts and choose one of them.",
  },
  reconnect_needed: {
    status: 409,
    title: "The account must be reconnected",
    fix: "The network no longer accepts Cadence's sign-in for this account. Reconnect it, then try again.",
  },
  account_disconnected: {
    status: 409,
    title: "The account was disconnected",
    fix: "Reconnect the account to schedule posts to it again.",
  },
  network_not_supported: {
    status: 404,
    title: "Cadence does not support this network",
    fix: "Choose one of the networks GET /networks lists.",
  },
  network_not_configured: {
    status: 503,
    title: "This network is not set up here",
    fix: "This stage has no app registered with the network yet; ask whoever runs it to configure one.",
  },
  network_unavailable: {
    status: 503,
    title: "The network could not be reached",
    fix: "The network had a temporary problem or did not answer. Try again in a few minutes.",
  },
  network_rate_limited: {
    status: 429,
    title: "The network is limiting requests",
    fix: "The network asked Cadence to slow down. Try again after the time it gave.",
  },
  network_refused: {
    status: 400,
    title: "The network refused the request",
    fix: "The sentence gives the network's reason; change what it names (the post, its media, the account on the network) and try again.",
  },
  invalid_server: {
    status: 400,
    title: "Not a server Cadence can use",
    fix: "Type the address of the account's server, e.g. mastodon.social.",
  },
  server_required: {
    status: 400,
    title: "Which server?",
    fix: "Type the address of the Mastodon server the account is on, e.g. mastodon.social.",
  },
  app_password_required: {
    status: 400,
    title: "An app password is needed",
    fix: "Send the account's handle as `identifier` and an app password (made in the network's settings) as `appPassword`.",
  },
  wrong_account: {
    status: 400,
    title: "Signed in as another account",
    fix: "You signed in as a different account than the one being reconnected. Sign in as that account on the network and try again.",
  },
  connection_not_found: {
    status: 404,
    title: "No such connection in progress",
    fix: "Connections in progress expire after 10 minutes. Connect again.",
  },
  connection_not_ready: {
    status: 409,
    title: "The connection is not confirmed yet",
    fix: "Finish authorizing on the network, then pick the pages or channels.",
  },
  sub_account_not_offered: {
    status: 400,
    title: "Not a page or channel of this login",
    fix: "Pick from the pages or channels the connection lists.",
  },
  cancelled: {
    status: 400,
    title: "Cancelled on the network",
    fix: "The connection was cancelled on the network. Connect again and choose Authorize.",
  },
  state_mismatch: {
    status: 400,
    title: "Not a connection Cadence started",
    fix: "The answer from the network did not match a connection Cadence started. Start the connection again from Cadence.",
  },
  attempt_expired: {
    status: 400,
    title: "The connection attempt is over",
    fix: "The connection took longer than 10 minutes or was already completed. Start it again.",
  },
} as const satisfies Catalogue;
