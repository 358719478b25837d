import { assertRole, useWorkspace } from "../actor/index.ts";
import { VisibleError } from "../error/index.ts";
import { Plan } from "../plan/index.ts";
import { z } from "../util/zod.ts";
import type { MediaInfo } from "./info.ts";
import { loadMedia } from "./info.ts";
import { putObject } from "./storage.ts";
import { complete, createUpload } from "./upload.ts";

export const ImportInput = z.object({
  url: z.url(),
  fileName: z.string().trim().min(1).max(255).optional(),
});

const unreachable = (url: string, why: string) =>
  new VisibleError("input", "media_unreachable", `Cadence could not fetch ${url}: ${why}.`, "url");

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
  const cap = Math.max(...Object.values(Plan.limits[plan].maxUploadBytes));
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) }).catch(
    (error: unknown) => {
      throw unreachable(url, error instanceof Error ? error.message : "no answer");
    },
  );
  if (!response.ok || !response.body) throw unreachable(url, `it answered ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > cap) throw unreachable(url, `the file is larger than the plan allows`);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > cap) throw unreachable(url, "the file is larger than the plan allows");
    chunks.push(Buffer.from(chunk));
  }
  const body = Buffer.concat(chunks);
  const contentType =
    (response.headers.get("content-type") ?? "application/octet-stream").split(";")[0]?.trim() ??
    "";
  const name =
    fileName ?? (decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "") || "imported");
  const started = await createUpload({ fileName: name, contentType, sizeBytes: body.length });
  const item = await loadMedia(started.media.id);
  await putObject(item.objectKey, body, contentType);
  return complete({ mediaId: started.media.id });
}
