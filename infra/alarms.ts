import { crons } from "./cron";
import { eventDlq } from "./events";
import { jobDlq } from "./jobs";
import { publishConsumer } from "./publish";
import { publishDlq, publishQueue } from "./queue";
import { resourceName } from "./stage";

// Alarms for the publish path, the events queue and token refresh. Every alarm notifies the Alerts topic;
// set ALERT_EMAIL when deploying to have it mailed (the address must confirm once).
const alerts = new aws.sns.Topic("Alerts");

if (process.env.ALERT_EMAIL) {
  new aws.sns.TopicSubscription("AlertsEmail", {
    topic: alerts.arn,
    protocol: "email",
    endpoint: process.env.ALERT_EMAIL,
  });
}

const notify = {
  alarmActions: [alerts.arn],
  okActions: [alerts.arn],
  // No data means no traffic, not a fault: idle stages stay quiet.
  treatMissingData: "notBreaching",
};

// Custom metrics come from Powertools in the functions: namespace and service from the
// POWERTOOLS_* defaults (infra/defaults.ts), plus a `stage` dimension.
const appMetric = { namespace: "Cadence", dimensions: { service: "cadence", stage: $app.stage } };

const sqsMetric = (queueName: $util.Input<string>, metricName: string, stat: string) => ({
  metric: {
    namespace: "AWS/SQS",
    metricName,
    dimensions: { QueueName: queueName },
    period: 60,
    stat,
  },
});

/**
 * A DLQ holds messages: visible or not. Listing dead letters (GET …/dead-letters) receives them,
 * which hides them for a minute; counting only visible ones would clear the alarm and raise it
 * again a minute later.
 */
function dlqAlarm(name: string, queueName: $util.Input<string>, description: string) {
  return new aws.cloudwatch.MetricAlarm(name, {
    ...notify,
    name: resourceName(name.replace(/[A-Z]/g, (l, i) => `${i ? "-" : ""}${l.toLowerCase()}`)),
    alarmDescription: description,
    metricQueries: [
      { id: "visible", ...sqsMetric(queueName, "ApproximateNumberOfMessagesVisible", "Maximum") },
      {
        id: "hidden",
        ...sqsMetric(queueName, "ApproximateNumberOfMessagesNotVisible", "Maximum"),
      },
      { id: "held", expression: "visible + hidden", label: "Messages held", returnData: true },
    ],
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
  });
}

dlqAlarm(
  "PublishDlqNotEmpty",
  publishDlq.nodes.queue.name,
  "Publish messages were dead-lettered. Inspect the DLQ, fix the cause, then redrive.",
);
dlqAlarm(
  "EventDlqNotEmpty",
  eventDlq.nodes.queue.name,
  "Event messages (fan-outs, webhook attempts, notification mail) failed five times and were dead-lettered: people or webhooks were not told. Check the events consumer's logs, fix the cause, then redrive from the workspace's dead letters.",
);
dlqAlarm(
  "JobDlqNotEmpty",
  jobDlq.nodes.queue.name,
  "A job (import, export, video) crashed three times. Check the jobs consumer's logs.",
);

/**
 * Posts going out late. The oldest message's age alone misses messages that fail and come back
 * (SQS stops counting a message's age in that metric after its third receive), so the alarm also
 * fires when many more messages are received than deleted: they are circling in retries.
 */
new aws.cloudwatch.MetricAlarm("PublishQueueBacklog", {
  ...notify,
  name: resourceName("publish-queue-backlog"),
  alarmDescription:
    "Publish messages are waiting over 5 minutes, or circling in retries: posts are going out late. Check consumer errors and throttling.",
  metricQueries: [
    {
      id: "age",
      ...sqsMetric(publishQueue.nodes.queue.name, "ApproximateAgeOfOldestMessage", "Maximum"),
    },
    {
      id: "received",
      ...sqsMetric(publishQueue.nodes.queue.name, "NumberOfMessagesReceived", "Sum"),
    },
    {
      id: "deleted",
      ...sqsMetric(publishQueue.nodes.queue.name, "NumberOfMessagesDeleted", "Sum"),
    },
    {
      id: "late",
      expression: "IF(age > 300 OR (received - deleted) > 20, 1, 0)",
      label: "Late or retrying",
      returnData: true,
    },
  ],
  evaluationPeriods: 5,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
});

new aws.cloudwatch.MetricAlarm("PublishFailures", {
  ...notify,
  name: resourceName("publish-failures"),
  alarmDescription:
    "More than 10 targets failed to publish in 5 minutes. Check which network in the consumer's logs.",
  ...appMetric,
  metricName: "PublishFailed",
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 10,
});

new aws.cloudwatch.MetricAlarm("PublishConsumerErrors", {
  ...notify,
  name: resourceName("publish-consumer-errors"),
  // Per-message failures are reported as batch item failures, not errors; an error here
  // is a crash or a timeout of a whole invocation.
  alarmDescription: "The publish consumer crashed or timed out. Check its logs.",
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: publishConsumer.nodes.function.apply((fn) => fn.name) },
  statistic: "Sum",
  period: 60,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
});

new aws.cloudwatch.MetricAlarm("TokenRefreshFailures", {
  ...notify,
  name: resourceName("token-refresh-failures"),
  // A few revoked tokens are normal; a burst means a network's OAuth is failing for all.
  alarmDescription:
    "More than 5 token refreshes failed in one run. Check the network's OAuth status and our client credentials.",
  ...appMetric,
  metricName: "TokenRefreshFailed",
  statistic: "Sum",
  period: 600,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 5,
});

// One error alarm per cron. Failed runs are not retried (infra/cron.ts), so a crash must be seen.
for (const { name, cron, onError } of crons) {
  new aws.cloudwatch.MetricAlarm(`${name}Errors`, {
    ...notify,
    name: resourceName(`cron-${name.toLowerCase()}-errors`),
    alarmDescription: onError,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: cron.nodes.function.apply((fn) => fn.name) },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
  });
}
