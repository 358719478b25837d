import type { MediaKind } from "../db/entities/media.ts";
import { kindOf } from "./formats.ts";

/** Enough of the file for every signature file-type knows (it reads at most 4,100 bytes for most). */
export const sniffBytes = 64 * 1024;

export type Sniffed =
  | { accepted: true; mimeType: string; kind: MediaKind }
  | { accepted: false; detected?: string };

/** What the bytes are, from their signature: the name and the declared type are not trusted. */
export async function sniff(start: Uint8Array): Promise<Sniffed> {
  // Loaded by the first upload checked: publishing and most requests never sniff a file.
  const { fileTypeFromBuffer } = await import("file-type");
  const type = await fileTypeFromBuffer(start);
  const kind = type ? kindOf(type.mime) : undefined;
  if (type && kind) return { accepted: true, mimeType: type.mime, kind };
  return { accepted: false, ...(type ? { detected: type.mime } : {}) };
}
