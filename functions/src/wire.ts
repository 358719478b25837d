import { sqsDeadLetters } from "@cadence/aws/dead-letters";
import { sqsPublishQueue } from "@cadence/aws/queue";
import { eventBridgeScheduler } from "@cadence/aws/scheduler";
import { kmsVault } from "@cadence/aws/vault";
import { providePorts } from "@cadence/core/ports";

/** Connects the domain's ports to their AWS adapters; every entry point calls it at start. */
export function wire(): void {
  providePorts({
    scheduler: eventBridgeScheduler(),
    vault: kmsVault(),
    queue: sqsPublishQueue(),
    deadLetters: sqsDeadLetters(),
  });
}
