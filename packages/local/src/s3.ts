import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { HOST } from "./net.ts";
import { localCredentials, names } from "./resources.ts";
import { enforcePostPolicy } from "./s3-post-policy.ts";
import { ConsistentStore } from "./s3-store.ts";

export interface RunningS3 {
  endpoint: string;
  close(): Promise<void>;
}

/** Mirrors the bucket CORS in infra/storage.ts so presigned browser uploads behave the same. */
const cors = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

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
    configureBuckets: [{ name: names.bucket, configs: [cors] }],
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
  return {
    endpoint: `http://${HOST}:${port}`,
    close: async () => {
      await server.close();
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
      rmSync(store.asideDirectory, { recursive: true, force: true });
    },
  };
}
