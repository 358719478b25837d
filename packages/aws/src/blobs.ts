import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Blobs } from "@cadence/core/ports";
import { Resource } from "sst";
import { clientOf } from "./clients.ts";

/** Path-style addressing is chosen by configuration (the local S3 has no per-bucket host names). */
export const s3 = () =>
  clientOf(
    S3Client,
    () => new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === "true" }),
  );

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === "NotFound" ||
      error.name === "NoSuchKey" ||
      error.$metadata.httpStatusCode === 404)
  );
}

/** The stage's media bucket as the domain's object store. `bucketName` picks another bucket. */
export function s3Blobs(bucketName?: string): Blobs {
  const Bucket = () => bucketName ?? Resource.Media.name;
  const blobs: Blobs = {
    async presignUpload(input) {
      const post = await createPresignedPost(s3(), {
        Bucket: Bucket(),
        Key: input.key,
        Conditions: [
          ["content-length-range", 1, input.maxBytes],
          ["eq", "$Content-Type", input.contentType],
        ],
        Fields: { "Content-Type": input.contentType },
        Expires: input.expiresInSeconds,
      });
      return {
        method: "POST",
        url: post.url,
        fields: post.fields,
        expiresAt: new Date(Date.now() + input.expiresInSeconds * 1000).toISOString(),
      };
    },

    presignGet(key, expiresInSeconds, downloadName) {
      const command = new GetObjectCommand({
        Bucket: Bucket(),
        Key: key,
        // RFC 6266: the quoted name for old clients, the UTF-8 one for the rest.
        ResponseContentDisposition: downloadName
          ? `attachment; filename="${downloadName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(downloadName)}`
          : undefined,
      });
      return getSignedUrl(s3(), command, { expiresIn: expiresInSeconds });
    },

    async head(key) {
      try {
        const head = await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key: key }));
        return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async readStart(key, length) {
      const object = await s3().send(
        new GetObjectCommand({ Bucket: Bucket(), Key: key, Range: `bytes=0-${length - 1}` }),
      );
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    },

    async read(key) {
      try {
        const object = await s3().send(new GetObjectCommand({ Bucket: Bucket(), Key: key }));
        return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async put(key, body, contentType) {
      await s3().send(
        new PutObjectCommand({ Bucket: Bucket(), Key: key, Body: body, ContentType: contentType }),
      );
    },

    // CopyObject then DeleteObject; one CopyObject carries up to 5 GB, the largest upload any
    // plan allows.
    async move(from, to, contentType) {
      const source = `${Bucket()}/${from.split("/").map(encodeURIComponent).join("/")}`;
      await s3().send(
        new CopyObjectCommand({
          Bucket: Bucket(),
          Key: to,
          CopySource: source,
          ContentType: contentType,
          MetadataDirective: "REPLACE",
        }),
      );
      await blobs.remove(from);
    },

    // S3 answers 204 for a key that is already gone.
    async remove(...keys) {
      await Promise.all(
        keys.map((key) => s3().send(new DeleteObjectCommand({ Bucket: Bucket(), Key: key }))),
      );
    },

    async list(prefix, limit) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3().send(
          new ListObjectsV2Command({
            Bucket: Bucket(),
            Prefix: prefix,
            MaxKeys: Math.min(1000, limit - keys.length),
            ContinuationToken: token,
          }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token && keys.length < limit);
      return keys;
    },
  };
  return blobs;
}
