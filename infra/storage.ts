import { globalIndexes, keyAttributes, ttlAttribute } from "../packages/core/src/db/table";
import { isProduction, plan, resourceName } from "./stage";

// The single table behind every ElectroDB entity. Keys, indexes and what each index projects
// come from packages/core/src/db/table.ts, which the local stack builds its table from too.
// Changing an index's projection replaces that index on deploy (DynamoDB cannot alter it in
// place, and builds one index at a time): deploy such a change on its own.
export const table = new sst.aws.Dynamo("Table", {
  fields: Object.fromEntries(keyAttributes.map((name) => [name, "string" as const])),
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: Object.fromEntries(
    Object.entries(globalIndexes).map(([name, index]) => [
      name,
      {
        hashKey: index.hashKey,
        rangeKey: index.rangeKey,
        projection: index.projection === "ALL" ? ("all" as const) : ("keys-only" as const),
      },
    ]),
  ),
  // Expiring items (leases, OAuth state, idempotency records) are deleted by DynamoDB.
  ttl: ttlAttribute,
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
