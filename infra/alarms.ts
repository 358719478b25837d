import { publishConsumer } from "./publish";
import { publishDlq, publishQueue } from "./queue";
import { resourceName } from "./stage";

// Alarms for the publish path and token refresh. Every alarm notifies the Alerts topic;
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

new aws.cloudwatch.MetricAlarm("PublishDlqNotEmpty", {
  ...notify,
  name: resourceName("publish-dlq-not-empty"),
  alarmDescription:
    "Publish messages were dead-lettered. Inspect the DLQ, fix the cause, then redrive.",
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: publishDlq.nodes.queue.name },
  statistic: "Maximum",
  period: 60,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
});

new aws.cloudwatch.MetricAlarm("PublishQueueBacklog", {
  ...notify,
  name: resourceName("publish-queue-backlog"),
  alarmDescription:
    "A publish message waited over 5 minutes: posts are going out late. Check consumer errors and throttling.",
  namespace: "AWS/SQS",
  metricName: "ApproximateAgeOfOldestMessage",
  dimensions: { QueueName: publishQueue.nodes.queue.name },
  statistic: "Maximum",
  period: 60,
  evaluationPeriods: 5,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 300,
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
