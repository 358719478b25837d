import core from "../packages/core/package.json" with { type: "json" };
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
    link: [table, media, tokenKey, publishSchedules, publishQueue, networkApps, mail],
    nodejs: { install: installOf(functionSpecs.publish, core.dependencies) },
    // What one publish really takes: a video upload may run up to 5 minutes
    // (packages/networks/src/kit/upload.ts) and the network's processing wait up to 5 more
    // (Meta containers, TikTok, Pinterest); a batch's records run side by side, so the batch
    // takes as long as its slowest. The claim's lease (Publish.leaseMs, 12 minutes) outlasts
    // this, and the queue's visibility timeout must be at least this long (AWS refuses the
    // mapping otherwise; it advises 6×).
    timeout: "10 minutes",
  },
  {
    batch: {
      size: 10,
      // Wait up to a second to fill a batch: fewer invocations under a burst of due posts.
      window: "1 second",
      // Report failures per message so one bad target does not retry the whole batch.
      partialResponses: true,
    },
    transform: {
      eventSourceMapping: {
        // At most this many consumers at once (stage-plan.ts): a burst of due posts leaves the
        // account's concurrency to the API and the crons instead of taking all of it.
        scalingConfig: { maximumConcurrency: plan.publishMaxConcurrency },
      },
    },
  },
);
