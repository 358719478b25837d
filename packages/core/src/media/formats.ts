import type { MediaKind } from "../db/entities/media.ts";

/**
 * The files Cadence accepts: what the networks take (JPEG, PNG, GIF, WebP; MP4, MOV, WebM),
 * recognised from the bytes, never from the name or the declared type.
 */
const accepted: Record<string, { kind: MediaKind; label: string; container?: string }> = {
  "image/jpeg": { kind: "image", label: "JPEG" },
  "image/png": { kind: "image", label: "PNG" },
  "image/gif": { kind: "image", label: "GIF" },
  "image/webp": { kind: "image", label: "WebP" },
  "video/mp4": { kind: "video", label: "MP4", container: "mp4" },
  "video/quicktime": { kind: "video", label: "MOV", container: "mov" },
  "video/webm": { kind: "video", label: "WebM", container: "webm" },
};

export const acceptedSentence = "a JPEG, PNG, GIF or WebP image, or an MP4, MOV or WebM video";

/** The kind of an accepted MIME type, or undefined for anything else. */
export function kindOf(mimeType: string): MediaKind | undefined {
  return accepted[mimeType.toLowerCase()]?.kind;
}

/** "mp4", "mov", "webm": the container a video's MIME type names. */
export function containerOf(mimeType: string): string | undefined {
  return accepted[mimeType.toLowerCase()]?.container;
}

export function labelOf(mimeType: string): string {
  return accepted[mimeType.toLowerCase()]?.label ?? mimeType;
}
