import { s3Blobs } from "@cadence/aws/blobs";
import { sqsDeadLetters } from "@cadence/aws/dead-letters";
import { sqsEventQueue } from "@cadence/aws/events";
import { sqsJobQueue } from "@cadence/aws/jobs";
import { sesMailer } from "@cadence/aws/mailer";
import { sqsPublishQueue } from "@cadence/aws/queue";
import { eventBridgeScheduler } from "@cadence/aws/scheduler";
import { kmsVault } from "@cadence/aws/vault";
import { Outbox } from "@cadence/core/mail";
import { type Mailer, type Ports, providePorts } from "@cadence/core/ports";
import { Resource } from "sst";

/**
 * The stage's mail: SES from a verified sender, else the stage outbox (infra/mail.ts decides
 * per stage and says which in the `Mail` resource). Chosen at the first message, since only
 * functions that send mail link `Mail`.
 */
function mailer(blobs: ReturnType<typeof s3Blobs>): Mailer {
  let chosen: Mailer | undefined;
  return {
    send(message) {
      const { delivery, sender } = Resource.Mail;
      chosen ??= delivery === "ses" ? sesMailer(sender) : Outbox.mailer(blobs, sender);
      return chosen.send(message);
    },
  };
}

/** The domain's ports on their AWS adapters, for this stage's linked resources. */
export function awsPorts(): Ports {
  const blobs = s3Blobs();
  return {
    scheduler: eventBridgeScheduler(),
    vault: kmsVault(),
    queue: sqsPublishQueue(),
    deadLetters: sqsDeadLetters(),
    blobs,
    mailer: mailer(blobs),
    jobs: sqsJobQueue(),
    events: sqsEventQueue(),
  };
}

/** Connects the domain's ports to their AWS adapters; every entry point calls it at start. */
export function wire(): void {
  providePorts(awsPorts());
}
