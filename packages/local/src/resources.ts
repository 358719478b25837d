/**
 * The names the local stack gives to the resources infra/ declares, and the environment that
 * makes `Resource.*` from "sst" and the AWS SDK clients find them. The same variables SST sets
 * inside Lambda: functions and core read them the same way here and in AWS.
 */
import { sandboxStripeKeys } from "./sandbox/stripe/keys.ts";

export const region = "us-east-1";
export const accountId = "000000000000";
// s3rver accepts only this key pair and checks signatures with it; the other stand-ins accept any.
export const localCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export const names = {
  app: "cadence",
  table: "cadence-local",
  bucket: "cadence-media",
  publishQueue: "cadence-publish",
  publishDlq: "cadence-publish-dlq",
  jobQueue: "cadence-jobs",
  jobDlq: "cadence-jobs-dlq",
  eventQueue: "cadence-events",
  eventDlq: "cadence-events-dlq",
  scheduleGroup: "cadence-publish",
  tokenKeyAlias: "alias/cadence-local-tokens",
  schedulerRole: `arn:aws:iam::${accountId}:role/cadence-local-scheduler`,
} as const;

/** Mirrors infra/jobs.ts: the jobs consumer's timeout and its queue's visibility timeout. */
export const jobMaxReceiveCount = 3;
export const jobVisibilityTimeoutSeconds = 15 * 60 + 60;

export function queueArn(name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

export interface Endpoints {
  dynamodb: string;
  sqs: string;
  s3: string;
  scheduler: string;
  kms: string;
  api: string;
  web: string;
  networks: string;
}

export interface ResolvedResources {
  stage: string;
  /** Signs access tokens and cursors; kept in .local/ for dev so sessions survive a restart. */
  authSecret: string;
  /** JSON for the NetworkApps secret (network → app credentials and base URLs). */
  networkApps: string;
  publishQueueUrl: string;
  publishDlqUrl: string;
  jobQueueUrl: string;
  eventQueueUrl: string;
  tokenKeyArn: string;
}

/** Environment for every process and test that talks to the local stack. */
export function stackEnvironment(
  endpoints: Endpoints,
  resources: ResolvedResources,
): Record<string, string> {
  const link = (value: object) => JSON.stringify(value);
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
    AWS_ENDPOINT_URL_KMS: endpoints.kms,
    AWS_S3_FORCE_PATH_STYLE: "true",
    SST_RESOURCE_App: link({ name: names.app, stage: resources.stage }),
    SST_RESOURCE_Table: link({ name: names.table, type: "sst.aws.Dynamo" }),
    SST_RESOURCE_Media: link({ name: names.bucket, type: "sst.aws.Bucket" }),
    SST_RESOURCE_PublishQueue: link({ url: resources.publishQueueUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_PublishDlq: link({ url: resources.publishDlqUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_JobQueue: link({ url: resources.jobQueueUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_EventQueue: link({ url: resources.eventQueueUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_TokenKey: link({ arn: resources.tokenKeyArn, type: "sst.sst.Linkable" }),
    SST_RESOURCE_PublishSchedules: link({
      group: names.scheduleGroup,
      roleArn: names.schedulerRole,
      queueArn: queueArn(names.publishQueue),
      dlqArn: queueArn(names.publishDlq),
      type: "sst.sst.Linkable",
    }),
    SST_RESOURCE_AuthSecret: link({ value: resources.authSecret, type: "sst.sst.Secret" }),
    SST_RESOURCE_NetworkApps: link({ value: resources.networkApps, type: "sst.sst.Secret" }),
    // As on a preview stage without a verified sender: mail lands in the stage outbox (the
    // bucket), which the site shows at /outbox.
    SST_RESOURCE_Mail: link({
      sender: "Cadence <no-reply@cadence.local>",
      delivery: "outbox",
      type: "sst.sst.Linkable",
    }),
    SST_RESOURCE_Api: link({ url: endpoints.api, type: "sst.aws.ApiGatewayV2" }),
    SST_RESOURCE_Web: link({ url: endpoints.web, type: "sst.aws.Astro" }),
    // Network adapters take their base URLs from configuration; locally that is the sandbox.
    CADENCE_NETWORKS_URL: endpoints.networks,
    // The outbound guard fetches plain http and loopback only from origins named here.
    CADENCE_OUTBOUND_ALLOW: endpoints.networks,
    // Stripe: the sandbox's stand-in and its test-mode keys; in AWS these are SST secrets.
    CADENCE_STRIPE_API_URL: endpoints.networks,
    SST_RESOURCE_StripeSecretKey: link({
      value: sandboxStripeKeys.secretKey,
      type: "sst.sst.Secret",
    }),
    SST_RESOURCE_StripeWebhookSecret: link({
      value: sandboxStripeKeys.webhookSecret,
      type: "sst.sst.Secret",
    }),
  };
}
