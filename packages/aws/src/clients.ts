import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";

/**
 * One client per service per process, built lazily so cold starts only pay for what a function
 * uses. Endpoints come from the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how
 * the local stack points these unchanged clients at its stand-ins.
 */
function lazy<T>(build: () => T): () => T {
  let client: T | undefined;
  return () => {
    client ??= build();
    return client;
  };
}

export const dynamo = lazy(() => new DynamoDBClient({}));
export const sqs = lazy(() => new SQSClient({}));
export const kms = lazy(() => new KMSClient({}));
export const scheduler = lazy(() => new SchedulerClient({}));
export const ses = lazy(() => new SESv2Client({}));
export const ssm = lazy(() => new SSMClient({}));
/** Path-style addressing is chosen by configuration (the local S3 has no per-bucket host names). */
export const s3 = lazy(
  () => new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === "true" }),
);
