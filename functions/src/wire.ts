import { Outbox } from "@cadence/core/mail";
import type { Blobs, Mailer, Ports } from "@cadence/core/ports";
import { providePorts } from "@cadence/core/ports";
import { Resource } from "sst";

/**
 * A port whose adapter (and its AWS SDK client) loads on the first call. Every port method is
 * async, so the stand-in forwards each call once the module is in. A cold start then reads
 * only what the function's code path uses: the API answering a calendar page never loads SES,
 * KMS or the Encryption SDK; the publish consumer loads KMS at its first credential.
 */
function lazyPort<T extends object>(load: () => Promise<T>): T {
  let port: Promise<T> | undefined;
  const loaded = () => {
    port ??= load().catch((error: unknown) => {
      port = undefined;
      throw error;
    });
    return port;
  };
  return new Proxy({} as T, {
    get: (_target, method) => {
      // Not a thenable: awaiting a port must not call `then` on the adapter.
      if (method === "then") return undefined;
      return async (...args: unknown[]) => {
        const adapter = (await loaded()) as Record<PropertyKey, (...a: unknown[]) => unknown>;
        return adapter[method]?.(...args);
      };
    },
  });
}

/**
 * The stage's mail: SES from a verified sender, else the stage outbox (infra/mail.ts decides
 * per stage and says which in the `Mail` resource). Chosen at the first message, since only
 * functions that send mail link `Mail`.
 */
function mailer(blobs: Blobs): Mailer {
  let chosen: Promise<Mailer> | undefined;
  return {
    async send(message) {
      const { delivery, sender } = Resource.Mail;
      chosen ??=
        delivery === "ses"
          ? import("@cadence/aws/mailer").then((ses) => ses.sesMailer(sender))
          : Promise.resolve(Outbox.mailer(blobs, sender));
      return (await chosen).send(message);
    },
  };
}

/** The domain's ports on their AWS adapters, for this stage's linked resources. */
export function awsPorts(): Ports {
  const blobs = lazyPort(() => import("@cadence/aws/blobs").then((m) => m.s3Blobs()));
  return {
    scheduler: lazyPort(() =>
      import("@cadence/aws/scheduler").then((m) => m.eventBridgeScheduler()),
    ),
    vault: lazyPort(() => import("@cadence/aws/vault").then((m) => m.kmsVault())),
    queue: lazyPort(() => import("@cadence/aws/queue").then((m) => m.sqsPublishQueue())),
    deadLetters: lazyPort(() =>
      import("@cadence/aws/dead-letters").then((m) => m.sqsDeadLetters()),
    ),
    blobs,
    mailer: mailer(blobs),
    jobs: lazyPort(() => import("@cadence/aws/jobs").then((m) => m.sqsJobQueue())),
    events: lazyPort(() => import("@cadence/aws/events").then((m) => m.sqsEventQueue())),
  };
}

/** Connects the domain's ports to their AWS adapters; every entry point calls it at start. */
export function wire(): void {
  providePorts(awsPorts());
}
