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

// The reconcile sweep. Targets still waiting one minute past due are re-armed (their message
// was lost, or a crash came between a write and its schedule); at one run a minute a lost
// message goes out within two minutes of its time. It also settles claims past their lease
// (looks the post up on the network, else needs_review). It reads only the sparse check index,
// so a run that finds nothing costs a few one-partition queries.
new sst.aws.Cron("Reconcile", {
  schedule: cronSchedules.Reconcile,
  function: {
    handler: "functions/src/cron/reconcile.handler",
    link: [table, tokenKey, publishSchedules, publishQueue, networkApps, mail],
    // Under the interval, so a slow run ends before the next one starts.
    timeout: "55 seconds",
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
