import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Resource } from "sst";

/**
 * The media bucket, as the media module uses it. The SDK finds the endpoint in
 * `AWS_ENDPOINT_URL_S3`; path-style addressing is configuration, because the local S3 has no
 * per-bucket host names.
 */
let built: S3Client | undefined;
function client(): S3Client {
  built ??= new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === "true" });
  return built;
}

const bucket = () => Resource.Media.name;

/** Where each file lives. `uploads/` expires after a day (infra/storage.ts). */
export const mediaKeys = {
  upload: (workspaceId: string, mediaId: string, fileName: string) =>
    `uploads/${workspaceId}/${mediaId}/${fileName}`,
  original: (workspaceId: string, mediaId: string, fileName: string) =>
    `media/${workspaceId}/${mediaId}/${fileName}`,
  thumbnail: (workspaceId: string, mediaId: string) => `thumbs/${workspaceId}/${mediaId}.webp`,
};

export interface PresignedUpload {
  method: "POST";
  url: string;
  /** Send these form fields first, then the file as the last field, named `file`. */
  fields: Record<string, string>;
  expiresAt: string;
}

/**
 * A browser POST upload to one key. The signed policy pins the Content-Type and caps the body,
 * so S3 itself refuses a bigger file or another type.
 */
export async function presignUpload(input: {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
}): Promise<PresignedUpload> {
  const post = await createPresignedPost(client(), {
    Bucket: bucket(),
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
}

/** A short-lived GET URL for one object (browsers, networks that fetch by URL, ffprobe). */
export function presignGet(key: string, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(client(), new GetObjectCommand({ Bucket: bucket(), Key: key }), {
    expiresIn: expiresInSeconds,
  });
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === "NotFound" ||
      error.name === "NoSuchKey" ||
      error.$metadata.httpStatusCode === 404)
  );
}

/** The object's size and type, or undefined when there is no such object. */
export async function headObject(
  key: string,
): Promise<{ sizeBytes: number; contentType?: string } | undefined> {
  try {
    const head = await client().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The first `length` bytes (fewer if the object is shorter). */
export async function readStart(key: string, length: number): Promise<Uint8Array> {
  const object = await client().send(
    new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=0-${length - 1}` }),
  );
  return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
}

export async function readObject(key: string): Promise<Buffer> {
  const object = await client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
}

export async function putObject(key: string, body: Buffer, contentType: string): Promise<void> {
  await client().send(
    new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }),
  );
}

/**
 * Moves an object inside the bucket (CopyObject, then DeleteObject), setting the type the
 * bytes turned out to be. One CopyObject carries up to 5 GB, the largest upload any plan allows.
 */
export async function moveObject(from: string, to: string, contentType: string): Promise<void> {
  const source = `${bucket()}/${from.split("/").map(encodeURIComponent).join("/")}`;
  await client().send(
    new CopyObjectCommand({
      Bucket: bucket(),
      Key: to,
      CopySource: source,
      ContentType: contentType,
      MetadataDirective: "REPLACE",
    }),
  );
  await deleteObjects(from);
}

/** Deletes objects; one that is already gone is not an error (S3 answers 204 either way). */
export async function deleteObjects(...keys: (string | undefined)[]): Promise<void> {
  await Promise.all(
    keys
      .filter((key): key is string => Boolean(key))
      .map((key) => client().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }))),
  );
}
