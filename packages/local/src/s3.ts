import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { HOST } from "./net.ts";
import { localCredentials, names, region } from "./resources.ts";
import { enforcePostPolicy } from "./s3-post-policy.ts";
import { ConsistentStore } from "./s3-store.ts";

export interface RunningS3 {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts `s3rver` with the media bucket. Without `dataDir` it uses a temporary folder. */
export async function startS3(port: number, dataDir?: string): Promise<RunningS3> {
  const directory = dataDir ?? mkdtempSync(join(tmpdir(), "cadence-s3-"));
  const server = new S3rver({
    address: HOST,
    port,
    silent: true,
    directory,
    resetOnClose: !dataDir,
    vhostBuckets: false,
  });
  // Writes that a concurrent read can never see half of (packages/local/src/s3-store.ts).
  const store = new ConsistentStore(directory);
  server.store = server.context.store = store;
  // s3rver ignores the signed policy of browser POST uploads; AWS enforces it, so do we.
  server.middleware.unshift(
    enforcePostPolicy((keyId) =>
      keyId === localCredentials.accessKeyId ? localCredentials.secretAccessKey : undefined,
    ),
  );
  await server.run();
  const endpoint = `http://${HOST}:${port}`;
  await createBucket(endpoint, names.bucket);
  return {
    endpoint,
    close: async () => {
      await server.close();
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
      rmSync(store.asideDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * Creates a bucket with the media bucket's CORS (infra/storage.ts), so presigned browser uploads
 * behave as on AWS. Test files each take one, so one file's listing never walks or races
 * another's objects. A bucket already there (a dev data folder) is kept.
 */
export async function createBucket(endpoint: string, name: string): Promise<void> {
  const client = new S3Client({
    endpoint,
    region,
    credentials: localCredentials,
    forcePathStyle: true,
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: name })).catch((error: unknown) => {
      const name = (error as { name?: string }).name;
      if (name !== "BucketAlreadyExists" && name !== "BucketAlreadyOwnedByYou") throw error;
    });
    await client.send(
      new PutBucketCorsCommand({
        Bucket: name,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ["*"],
              AllowedMethods: ["GET", "PUT", "POST", "HEAD"],
              AllowedHeaders: ["*"],
              ExposeHeaders: ["ETag"],
              MaxAgeSeconds: 3000,
            },
          ],
        },
      }),
    );
  } finally {
    client.destroy();
  }
}
