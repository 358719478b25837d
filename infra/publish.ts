import core from "../packages/core/package.json" with { type: "json" };
import { publishDelivery } from "../packages/core/src/publish/delivery";
import { publishMapping } from "./burst-model";
import { eventQueue } from "./events";
import { functionSpecs, installOf } from "./function-specs";
import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { plan } from "./stage";
import { media, table, tokenKey } from "./storage";

// The publish consumer: claims a target, decrypts its credential, posts through the
// network adapter, and schedules the next run of recurring and evergreen targets.
export const publishConsumer = publishQueue.subscribe(
  {
    handler: functionSpecs.publish.handler,
    // Media: presigned GETs for networks that fetch by URL; mail: telling authors of missed approvals.
    link: [table, media, tokenKey, publishSchedules, publishQueue, networkApps, mail, eventQueue],
    nodejs: { install: installOf(functionSpecs.publish, core.dependencies) },
    // packages/core/src/publish/delivery.ts says why: a video publish may take minutes.
    timeout: `${publishDelivery.consumerTimeoutSeconds} seconds`,
  },
  {
    batch: {
      size: publishDelivery.batchSize,
      window: `${publishDelivery.batchWindowSeconds} seconds`,
      // Report failures per message so one bad target does not retry the whole batch.
      partialResponses: true,
    },
    transform: {
      eventSourceMapping: plan.production
        ? {
            // Provisioned pollers (burst-model.ts): 5,000 posts due in one second are 500
            // batches, and standard mode starts at 5 concurrent batches and adds 300 a minute.
            // The minimum is kept ready all month; the maximum bounds what a burst may take of
            // the account's concurrency (docs/performance.md: raise the quota to 2,000).
            provisionedPollerConfig: {
              minimumPollers: publishMapping.production.minPollers,
              maximumPollers: publishMapping.production.maxPollers,
            },
          }
        : {
            // At most this many consumers at once (stage-plan.ts): a preview stage's burst
            // leaves the account's concurrency to the API and the crons.
            scalingConfig: { maximumConcurrency: plan.publishMaxConcurrency },
          },
    },
  },
);
