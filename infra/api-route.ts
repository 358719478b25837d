import core from "../packages/core/package.json" with { type: "json" };
import { api } from "./api";
import { authSecret } from "./auth";
import { stripeEnvironment, stripeSecretKey, stripeWebhookSecret } from "./billing";
import { eventQueue } from "./events";
import { functionSpecs, installOf } from "./function-specs";
import { jobQueue } from "./jobs";
import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishDlq, publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { media, table, tokenKey } from "./storage";
import { web } from "./web";

api.route("$default", {
  handler: functionSpecs.api.handler,
  environment: {
    // The networks send people back to <api>/connect/<network>/callback. The route's function
    // is a separate resource from the API, so naming the API's URL here makes no cycle.
    CADENCE_API_URL: api.url,
    // The site's origins: CORS with credentials, `returnTo` after connecting, links in mail
    // (and a custom domain in WEB_ORIGIN). The site depends on the API's URL, not on this
    // function, so no cycle.
    CADENCE_WEB_ORIGINS: $resolve([web.url]).apply(([url]) =>
      [new URL(url).origin, ...(process.env.WEB_ORIGIN ? [process.env.WEB_ORIGIN] : [])].join(","),
    ),
    ...stripeEnvironment,
  },
  link: [
    table,
    media,
    tokenKey,
    publishQueue,
    publishDlq,
    publishSchedules,
    jobQueue,
    eventQueue,
    authSecret,
    mail,
    networkApps,
    stripeSecretKey,
    stripeWebhookSecret,
  ],
  // Native code and shipped binaries cannot be bundled (function-specs.ts); pinned to the
  // versions core is developed and tested with (SST would otherwise take "*").
  nodejs: { install: installOf(functionSpecs.api, core.dependencies) },
  // Imports, exports and video processing are jobs (infra/jobs.ts); what remains answers well
  // inside API Gateway's 30 seconds.
  timeout: "29 seconds",
});
