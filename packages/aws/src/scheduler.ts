import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from "@aws-sdk/client-scheduler";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { PublishMessage, PublishScheduler } from "@cadence/core/ports";
import { Resource } from "sst";
import { clientOf } from "./clients.ts";

const scheduler = () => clientOf(SchedulerClient);
const sqs = () => clientOf(SQSClient);

/**
 * EventBridge Scheduler fires "with 60 second precision": anywhere within the minute. So each
 * target's one-time schedule fires at the start of the minute that ends at least `leadSeconds`
 * before the due time, and the consumer holds the message (SQS DelaySeconds) until the second
 * it is due. A due time closer than that skips the scheduler and goes straight to the queue.
 */
export interface SchedulerOptions {
  /** How early to fire; more for large bursts, which EventBridge throttles (1,000/s by default). */
  leadSeconds?: number;
  now?: () => number;
  /** Another queue than the stage's publish queue (an isolated test run). */
  queue?: { url: string; arn: string };
}

export function scheduleName(message: PublishMessage): string {
  return `${message.targetId}-v${message.version}`;
}

/** `at()` takes whole seconds, in UTC here. */
function atExpression(ms: number): string {
  return `at(${new Date(ms).toISOString().slice(0, 19)})`;
}

export function eventBridgeScheduler(options: SchedulerOptions = {}): PublishScheduler {
  const leadMs = (options.leadSeconds ?? 60) * 1000;
  const now = options.now ?? Date.now;

  return {
    async schedule(message) {
      const dueMs = Date.parse(message.dueAt);
      const fireMs = Math.floor((dueMs - leadMs) / 60_000) * 60_000;
      const body = JSON.stringify({
        workspaceId: message.workspaceId,
        targetId: message.targetId,
        version: message.version,
      });
      if (fireMs <= now()) {
        // Due within the lead already (or past): queue it now, held until due (SQS allows 900 s).
        const delaySeconds = Math.min(900, Math.max(0, Math.ceil((dueMs - now()) / 1000)));
        await sqs().send(
          new SendMessageCommand({
            QueueUrl: options.queue?.url ?? Resource.PublishQueue.url,
            MessageBody: body,
            DelaySeconds: delaySeconds,
          }),
        );
        return;
      }
      const links = Resource.PublishSchedules;
      try {
        await scheduler().send(
          new CreateScheduleCommand({
            Name: scheduleName(message),
            GroupName: links.group,
            // Retries of this call must not make a second schedule.
            ClientToken: scheduleName(message),
            ScheduleExpression: atExpression(fireMs),
            ScheduleExpressionTimezone: "UTC",
            FlexibleTimeWindow: { Mode: "OFF" },
            ActionAfterCompletion: "DELETE",
            Target: {
              Arn: options.queue?.arn ?? links.queueArn,
              RoleArn: links.roleArn,
              Input: body,
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: links.dlqArn },
            },
          }),
        );
      } catch (error) {
        // The same target version is already scheduled: that is the outcome we wanted.
        if (!(error instanceof ConflictException)) throw error;
      }
    },

    async cancel(message) {
      try {
        await scheduler().send(
          new DeleteScheduleCommand({
            Name: scheduleName(message),
            GroupName: Resource.PublishSchedules.group,
          }),
        );
      } catch (error) {
        // Already fired and deleted itself, or never created (queued directly): nothing to do.
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}
