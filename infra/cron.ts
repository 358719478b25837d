import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { cronSchedules } from "./settings";
import { media, table, tokenKey } from "./storage";

// Background jobs. Each links only what it touches, and each timeout stays under the
// job's interval so a slow run ends before the next one starts.

// Refreshes OAuth tokens that expire within the margin, before a publish needs them.
new sst.aws.Cron("RefreshTokens", {
  schedule: cronSchedules.RefreshTokens,
  function: {
    handler: "functions/src/cron/refresh-tokens.handler",
    // Schedules: it cancels the due posts of an account whose grant is gone.
    link: [table, tokenKey, networkApps, publishSchedules],
    timeout: "5 minutes",
  },
});

// Pulls post analytics from the networks.
new sst.aws.Cron("IngestMetrics", {
  schedule: cronSchedules.IngestMetrics,
  function: {
    handler: "functions/src/cron/ingest-metrics.handler",
    link: [table, tokenKey, networkApps],
    timeout: "10 minutes",
  },
});

// Finds targets stuck in `publishing` past their lease and settles them (looks the post
// up on the network, else needs_review); re-schedules targets whose schedule is missing.
new sst.aws.Cron("Reconcile", {
  schedule: cronSchedules.Reconcile,
  function: {
    handler: "functions/src/cron/reconcile.handler",
    link: [table, tokenKey, publishSchedules, publishQueue, networkApps, mail],
    timeout: "2 minutes",
  },
});

// Reads the source accounts of enabled autorepost rules and turns their new posts into posts
// for the rules' targets.
new sst.aws.Cron("Autorepost", {
  schedule: cronSchedules.Autorepost,
  function: {
    handler: "functions/src/cron/autorepost.handler",
    link: [table, tokenKey, networkApps, publishSchedules, publishQueue, media],
    timeout: "2 minutes",
  },
});
