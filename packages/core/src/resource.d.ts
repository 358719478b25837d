/**
 * The shapes of the resources infra/ links to functions (read through `Resource` from "sst").
 * SST can generate this file on deploy; it is written by hand so a fresh clone typechecks
 * without a deploy, and infra/ must expose exactly these properties.
 */
import "sst";

declare module "sst" {
  export interface Resource {
    Table: { name: string; type: "sst.aws.Dynamo" };
    Media: { name: string; type: "sst.aws.Bucket" };
    PublishQueue: { url: string; type: "sst.aws.Queue" };
    PublishDlq: { url: string; type: "sst.aws.Queue" };
    /** Imports, exports and video processing, consumed by functions/src/jobs/handler.ts. */
    JobQueue: { url: string; type: "sst.aws.Queue" };
    /** Events' fan-out, webhook deliveries and batched mail (functions/src/events/handler.ts). */
    EventQueue: { url: string; type: "sst.aws.Queue" };
    TokenKey: { arn: string; type: "sst.sst.Linkable" };
    PublishSchedules: {
      group: string;
      roleArn: string;
      queueArn: string;
      dlqArn: string;
      type: "sst.sst.Linkable";
    };
    /** Signs access tokens: a secret on production, generated (a Linkable) on other stages. */
    AuthSecret: { value: string; type: "sst.sst.Secret" | "sst.sst.Linkable" };
    /** Where mail goes: SES from a verified `sender`, or the stage outbox in the Media bucket. */
    Mail: { sender: string; delivery: "ses" | "outbox"; type: "sst.sst.Linkable" };
    /** JSON: network → { clientId, clientSecret, webhookSecret?, baseUrls? } (an sst.Secret). */
    NetworkApps: { value: string; type: "sst.sst.Secret" | "sst.sst.Linkable" };
    /** Stripe's secret API key and the webhook endpoint's signing secret (sst.Secret). */
    StripeSecretKey: { value: string; type: "sst.sst.Secret" };
    StripeWebhookSecret: { value: string; type: "sst.sst.Secret" };
    Api: { url: string; type: "sst.aws.ApiGatewayV2" };
    Web: { url: string; type: "sst.aws.Astro" };
  }
}
