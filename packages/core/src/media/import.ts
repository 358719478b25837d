import { download, OutboundError } from "@cadence/networks";
import * as z from "zod";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { VisibleError } from "../error/index.ts";
import { Plan } from "../plan/index.ts";
import "../util/zod.ts";
import type { MediaInfo } from "./info.ts";
import { loadMedia } from "./info.ts";
import { putObject } from "./storage.ts";
import { complete, createUpload } from "./upload.ts";

export const ImportInput = z.object({
  url: z.url(),
  fileName: z.string().trim().min(1).max(255).optional(),
});

const unreachable = (url: string, why: string) =>
  new VisibleError(
    "media_unreachable",
    `Cadence could not fetch ${url.slice(0, 200)}: ${why}.`,
    "url",
  );

/**
 * Brings a file that lives at a URL (a post on another network) into the media library: the
 * same checks, probing and thumbnail as a browser upload, because it goes through the same
 * createUpload → store → complete path. The plan's size cap applies before and while reading.
 */
export async function importFromUrl(input: z.input<typeof ImportInput>): Promise<MediaInfo> {
  const { url, fileName } = ImportInput.parse(input);
  assertRole("editor");
  const workspaceId = useWorkspace();
  const plan = await Plan.ofWorkspace(workspaceId);
  const cap = Math.max(...Object.values(Plan.table[plan].maxUploadBytes));
  // The URL comes from a source network (a server the person may run themselves): guarded.
  const file = await download(url, { maxBytes: cap, type: "", timeoutMs: 60_000 }).catch(
    (error: unknown) => {
      if (error instanceof OutboundError) throw unreachable(url, error.message);
      throw error;
    },
  );
  const body = Buffer.from(file.bytes);
  const contentType = file.type || "application/octet-stream";
  const name =
    fileName ?? (decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "") || "imported");
  const started = await createUpload({ fileName: name, contentType, sizeBytes: body.length });
  const item = await loadMedia(started.media.id);
  await putObject(item.objectKey, body, contentType);
  return complete({ mediaId: started.media.id });
}
