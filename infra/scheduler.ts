import { publishDlq, publishQueue } from "./queue";
import { accountId, regionalArn, resourceName } from "./stage";

// One EventBridge one-time schedule per post target lives in this group; the API and
// the workers create, move and delete them. Each fires a SendMessage to the publish queue.
const group = new aws.scheduler.ScheduleGroup("PublishSchedules", {
  name: resourceName("publish"),
});

// The role EventBridge Scheduler assumes to deliver. It can send to the publish queue and
// its DLQ (the schedules' dead-letter target), nothing else.
const role = new aws.iam.Role("PublishSchedulerRole", {
  description: `Cadence ${$app.stage}: lets EventBridge Scheduler enqueue publish messages`,
  assumeRolePolicy: $jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        // Only this account's schedules in this group may use the role (confused deputy).
        // Scheduler presents the schedule group's ARN as aws:SourceArn.
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnEquals: { "aws:SourceArn": group.arn },
        },
      },
    ],
  }),
  // Exclusive: inline policies added by hand are removed on the next deploy.
  inlinePolicies: [
    {
      name: "send-publish-messages",
      policy: $jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: [publishQueue.arn, publishDlq.arn],
          },
        ],
      }),
    },
  ],
});

export const publishSchedules = new sst.Linkable("PublishSchedules", {
  properties: {
    group: group.name,
    roleArn: role.arn,
    queueArn: publishQueue.arn,
    dlqArn: publishDlq.arn,
  },
  include: [
    sst.aws.permission({
      actions: [
        "scheduler:CreateSchedule",
        "scheduler:UpdateSchedule",
        "scheduler:DeleteSchedule",
        "scheduler:GetSchedule",
      ],
      resources: [regionalArn("scheduler", $interpolate`schedule/${group.name}/*`)],
    }),
    // ListSchedules supports no resource-level permissions (the Service Authorization
    // Reference lists no resource type for it), so it needs "*". It only lists names and
    // states; callers pass GroupName to stay within this stage's group.
    sst.aws.permission({ actions: ["scheduler:ListSchedules"], resources: ["*"] }),
    // GET /health probes the group.
    sst.aws.permission({
      actions: ["scheduler:GetScheduleGroup"],
      resources: [regionalArn("scheduler", $interpolate`schedule-group/${group.name}`)],
    }),
    // Creating a schedule hands it the delivery role; this role only, to Scheduler only.
    sst.aws.permission({
      actions: ["iam:PassRole"],
      resources: [role.arn],
      conditions: [
        {
          test: "StringEquals",
          variable: "iam:PassedToService",
          values: ["scheduler.amazonaws.com"],
        },
      ],
    }),
  ],
});
