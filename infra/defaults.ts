import { logRetention } from "./stage";

// App-wide rules, imported before any resource is declared: they apply only to what
// comes after them.

// Defaults for every Lambda in the app, including those SST creates for queue subscribers,
// crons, the auth issuer and the site's server. A function's own settings win.
$transform(sst.aws.Function, (args) => {
  args.runtime ??= "nodejs22.x";
  // Graviton: cheaper per GB-second, and nothing we ship is x86-only.
  args.architecture ??= "arm64";
  args.memory ??= "1024 MB";
  args.timeout ??= "20 seconds";
  // A module behind `await import()` (a network adapter, an AWS client, undici) becomes a chunk
  // of its own that a cold start does not read: each function loads at start only what every
  // invocation needs (docs/performance.md, `pnpm bench:cold`). SST bundles without splitting
  // unless told; minify and the bundled AWS SDK stay as SST sets them.
  args.nodejs = $output(args.nodejs).apply((nodejs) => ({ splitting: true, ...nodejs }));
  // JSON logs so Powertools' structured fields (correlation ids) are queryable in Insights.
  args.logging = $output(args.logging).apply((logging) =>
    logging === false
      ? false
      : {
          format: "json" as const,
          ...(logging?.logGroup ? {} : { retention: logRetention }),
          ...logging,
        },
  );
  args.environment = $output(args.environment).apply((environment) => ({
    POWERTOOLS_SERVICE_NAME: "cadence",
    POWERTOOLS_METRICS_NAMESPACE: "Cadence",
    POWERTOOLS_LOG_LEVEL: "INFO",
    // Metrics carry the stage as a dimension so one account can hold many stages.
    CADENCE_STAGE: $app.stage,
    ...environment,
  }));
});

// What linking a built-in component grants. SST's defaults are service wildcards
// (dynamodb:*, s3:*, sqs:*); these name the data-plane actions the app uses instead.
// Properties stay as SST defines them, so `Resource.<Name>` reads the same at runtime.

sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({
  properties: { name: table.name },
  include: [
    sst.aws.permission({
      // Transactions are authorised through the item actions and ConditionCheckItem.
      // No Scan: every access pattern has a key or an index.
      actions: [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        // GET /health probes the table.
        "dynamodb:DescribeTable",
      ],
      resources: [table.arn, $interpolate`${table.arn}/index/*`],
    }),
  ],
}));

sst.Linkable.wrap(sst.aws.Bucket, (bucket) => ({
  properties: { name: bucket.name },
  include: [
    sst.aws.permission({
      // Presigned URLs act with the signer's rights, so PutObject covers browser uploads.
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      resources: [$interpolate`${bucket.arn}/*`],
    }),
    // Without ListBucket a missing key answers 403 instead of 404.
    sst.aws.permission({ actions: ["s3:ListBucket"], resources: [bucket.arn] }),
  ],
}));

sst.Linkable.wrap(sst.aws.Queue, (queue) => ({
  properties: { url: queue.url },
  include: [
    sst.aws.permission({
      // Send, and read back (DLQ inspection and redrive); no purge, no queue admin.
      actions: [
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
      ],
      resources: [queue.arn],
    }),
  ],
}));
