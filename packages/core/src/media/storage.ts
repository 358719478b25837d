import { type PresignedUpload, usePorts } from "../ports.ts";

export type { PresignedUpload };

/** Where each file lives. `uploads/` expires after a day (infra/storage.ts). */
export const mediaKeys = {
  upload: (workspaceId: string, mediaId: string, fileName: string) =>
    `uploads/${workspaceId}/${mediaId}/${fileName}`,
  original: (workspaceId: string, mediaId: string, fileName: string) =>
    `media/${workspaceId}/${mediaId}/${fileName}`,
  thumbnail: (workspaceId: string, mediaId: string) => `thumbs/${workspaceId}/${mediaId}.webp`,
};

// The media module's view of the Blobs port, under the names its callers use.

/**
 * A browser POST upload to one key. The signed policy pins the Content-Type and caps the body,
 * so the store itself refuses a bigger file or another type.
 */
export function presignUpload(input: {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
}): Promise<PresignedUpload> {
  return usePorts().blobs.presignUpload(input);
}

/** A short-lived GET URL for one object (browsers, networks that fetch by URL, ffprobe). */
export function presignGet(key: string, expiresInSeconds: number): Promise<string> {
  return usePorts().blobs.presignGet(key, expiresInSeconds);
}

export function headObject(key: string) {
  return usePorts().blobs.head(key);
}

export function readStart(key: string, length: number): Promise<Uint8Array> {
  return usePorts().blobs.readStart(key, length);
}

export async function readObject(key: string): Promise<Buffer> {
  const bytes = await usePorts().blobs.read(key);
  if (!bytes) throw new Error(`media object ${key} is missing`);
  return bytes;
}

export function putObject(key: string, body: Buffer, contentType: string): Promise<void> {
  return usePorts().blobs.put(key, body, contentType);
}

export function moveObject(from: string, to: string, contentType: string): Promise<void> {
  return usePorts().blobs.move(from, to, contentType);
}

export function deleteObjects(...keys: (string | undefined)[]): Promise<void> {
  return usePorts().blobs.remove(...keys.filter((key): key is string => Boolean(key)));
}
