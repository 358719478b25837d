import { isProduction, plan, resourceName } from "./stage";

// The single table behind every ElectroDB entity. Generic key names let one table hold
// every entity; the four GSIs serve the access patterns that are not by partition key.
export const table = new sst.aws.Dynamo("Table", {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
    gsi3pk: "string",
    gsi3sk: "string",
    gsi4pk: "string",
    gsi4sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
    gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk" },
    gsi4: { hashKey: "gsi4pk", rangeKey: "gsi4sk" },
  },
  // Expiring items (leases, OAuth state, idempotency records) are deleted by DynamoDB.
  ttl: "expiresAt",
  // Production data must survive mistakes; disposable stages skip the backup cost.
  deletionProtection: isProduction,
  transform: {
    table: { pointInTimeRecovery: { enabled: isProduction } },
  },
});

// Uploaded media. Private: browsers upload and read through presigned URLs only.
// Its CORS rule needs the site's origin, so web.ts calls allowMediaUploadsFrom().
export const media = new sst.aws.Bucket("Media", {
  cors: false,
  versioning: false,
});

new aws.s3.BucketLifecycleConfiguration("MediaLifecycle", {
  bucket: media.name,
  rules: [
    {
      // Uploads land under uploads/ and move once a post uses them; leftovers are abandoned.
      id: "expire-abandoned-uploads",
      status: "Enabled",
      filter: { prefix: "uploads/" },
      expiration: { days: 1 },
    },
    {
      // Job inputs and results (imports, exports) are read within the week the job is kept.
      id: "expire-job-files",
      status: "Enabled",
      filter: { prefix: "jobs/" },
      expiration: { days: 7 },
    },
    {
      // The stage outbox (mail kept instead of sent, infra/mail.ts) is for QA's eyes only.
      id: "expire-outbox",
      status: "Enabled",
      filter: { prefix: "outbox/" },
      expiration: { days: 14 },
    },
    {
      // Parts of a multipart upload that never completed are billed until aborted.
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: {},
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    },
  ],
});

/** Lets browsers on the given origins upload with presigned PUT or POST. */
export function allowMediaUploadsFrom(origins: $util.Input<$util.Input<string>[]>) {
  return new aws.s3.BucketCorsConfiguration("MediaCors", {
    bucket: media.name,
    corsRules: [
      {
        allowedOrigins: origins,
        allowedMethods: ["GET", "PUT", "POST", "HEAD"],
        allowedHeaders: ["*"],
        // The client reads ETag to complete multipart uploads.
        exposeHeaders: ["ETag"],
        maxAgeSeconds: 3600,
      },
    ],
  });
}

// Envelope key for OAuth tokens (AWS Encryption SDK, KMS keyring). The key policy is
// the account default, so only roles granted the TokenKey link below can use it.
// Rotation keeps the key: KMS makes new key material yearly (enableKeyRotation) or on demand
// (`aws kms rotate-key-on-demand`), under the same key id and ARN, and keeps the old material
// to decrypt what it sealed. Replacing the key instead would make every stored token
// unreadable, so on production the key is protected (a change that would replace or delete it
// fails the deploy) and retained (removing it from the program leaves it in AWS).
const key = new aws.kms.Key(
  "TokenKey",
  {
    description: `Cadence ${$app.stage}: encrypts social network OAuth tokens`,
    enableKeyRotation: true,
    // The wait before a deleted key is gone; production gets the longest AWS allows.
    deletionWindowInDays: isProduction ? 30 : 7,
  },
  { protect: plan.keepKey, retainOnDelete: plan.keepKey },
);

new aws.kms.Alias("TokenKeyAlias", {
  name: `alias/${resourceName("tokens")}`,
  targetKeyId: key.keyId,
});

export const tokenKey = new sst.Linkable("TokenKey", {
  properties: { arn: key.arn },
  include: [
    sst.aws.permission({
      actions: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
      resources: [key.arn],
      // Every token is encrypted with its workspace in the encryption context; refuse
      // calls without one so a bug cannot produce tenant-less ciphertext.
      conditions: [
        { test: "Null", variable: "kms:EncryptionContext:workspaceId", values: ["false"] },
      ],
    }),
    // GET /health probes the key; DescribeKey reveals metadata only, never key material.
    sst.aws.permission({ actions: ["kms:DescribeKey"], resources: [key.arn] }),
  ],
});
