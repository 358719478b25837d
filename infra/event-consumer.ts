import core from "../packages/core/package.json" with { type: "json" };
import { api } from "./api";
import { authSecret } from "./auth";
import { eventQueue } from "./events";
import { functionSpecs, installOf } from "./function-specs";
import { mail } from "./mail";
import { eventDelivery } from "./settings";
import { media, table, tokenKey } from "./storage";
import { web } from "./web";

// The events consumer. Linked to the API and the site for the links it mails (the one-click
// unsubscribe goes to the API, the rest to the site), to the token key for webhook secrets (sealed
// like OAuth tokens), and to its own queue for retries and mail windows.
export const eventConsumer = eventQueue.subscribe(
  {
    handler: functionSpecs.events.handler,
    link: [table, media, tokenKey, mail, authSecret, eventQueue, api, web],
    nodejs: { install: installOf(functionSpecs.events, core.dependencies) },
    timeout: `${eventDelivery.consumerTimeoutSeconds} seconds`,
  },
  {
    batch: { size: eventDelivery.batchSize, partialResponses: true },
  },
);
