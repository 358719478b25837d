import { publishDelivery } from "../packages/core/src/publish/delivery";
import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { media, table, tokenKey } from "./storage";

// The publish consumer: claims a target, decrypts its credential, posts through the
// network adapter, and schedules the next run of recurring and evergreen targets.
export const publishConsumer = publishQueue.subscribe(
  {
    handler: "functions/src/publish/handler.handler",
    // Media: presigned GETs for networks that fetch by URL; mail: telling authors of missed approvals.
    link: [table, media, tokenKey, publishSchedules, publishQueue, networkApps, mail],
    // Bounds one batch of network calls; publishQueue's visibility timeout is 6× this.
    timeout: `${publishDelivery.consumerTimeoutSeconds} seconds`,
  },
  {
    batch: {
      size: publishDelivery.batchSize,
      window: `${publishDelivery.batchWindowSeconds} seconds`,
      // Report failures per message so one bad target does not retry the whole batch.
      partialResponses: true,
    },
  },
);
