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
    TokenKey: { arn: string; type: "sst.sst.Linkable" };
    PublishSchedules: {
      group: string;
      roleArn: string;
      queueArn: string;
      dlqArn: string;
      type: "sst.sst.Linkable";
    };
    /** Signs access tokens (an sst.Secret). */
    AuthSecret: { value: string; type: "sst.sst.Secret" };
    /** Where mail goes: SES from `sender`, or a local outbox when `outboxUrl` is set. */
    Mail: { sender: string; outboxUrl?: string; type: "sst.sst.Linkable" };
    /** JSON: network → { clientId, clientSecret, webhookSecret?, baseUrls? } (an sst.Secret). */
    NetworkApps: { value: string; type: "sst.sst.Secret" };
    Api: { url: string; type: "sst.aws.ApiGatewayV2" };
    Web: { url: string; type: "sst.aws.Astro" };
  }
}
