import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { media, table, tokenKey } from "./storage";

// Background jobs. Each links only what it touches, and each timeout stays under the
// job's interval so a slow run ends before the next one starts.

// Refreshes OAuth tokens that expire within the margin, before a publish needs them.
new sst.aws.Cron("RefreshTokens", {
  schedule: "rate(10 minutes)",
  function: {
    handler: "functions/src/cron/refresh-tokens.handler",
    // Schedules: it cancels the due posts of an account whose grant is gone.
    link: [table, tokenKey, networkApps, publishSchedules],
    timeout: "5 minutes",
  },
});

// Pulls post analytics from the networks.
new sst.aws.Cron("IngestMetrics", {
  schedule: "rate(1 hour)",
  function: {
    handler: "functions/src/cron/ingest-metrics.handler",
    link: [table, tokenKey, networkApps],
    timeout: "10 minutes",
  },
});

// Finds targets stuck in `publishing` past their lease and settles them (looks the post
// up on the network, else needs_review); re-schedules targets whose schedule is missing.
new sst.aws.Cron("Reconcile", {
  schedule: "rate(5 minutes)",
  function: {
    handler: "functions/src/cron/reconcile.handler",
    link: [table, tokenKey, publishSchedules, publishQueue, networkApps, mail],
    timeout: "2 minutes",
  },
});

// Reads the source accounts of enabled autorepost rules and turns their new posts into posts
// for the rules' targets.
new sst.aws.Cron("Autorepost", {
  schedule: "rate(5 minutes)",
  function: {
    handler: "functions/src/cron/autorepost.handler",
    link: [table, tokenKey, networkApps, publishSchedules, publishQueue, media],
    timeout: "2 minutes",
  },
});

// Mondays 07:00 UTC: the weekly analytics summary to the people who switched it on. A repeat
// run sends nothing twice (each person's week is claimed before the mail goes out).
new sst.aws.Cron("WeeklyReport", {
  schedule: "cron(0 7 ? * MON *)",
  function: {
    handler: "functions/src/cron/weekly-report.handler",
    link: [table, mail],
    timeout: "10 minutes",
  },
});
