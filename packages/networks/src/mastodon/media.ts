import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { readMedia, waitForProcessing } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type MastodonApi, mastodonName } from "./api.ts";
import { mastodonMediaPolicy } from "./rules.ts";

const attachment = z.object({ id: z.string(), url: z.string().nullable().optional() });

/**
 * Uploads one attachment with POST /api/v2/media (multipart `file` + `description` for alt
 * text). A 200 is ready; a 202 is still processing (url null), so poll GET /api/v1/media/:id,
 * which answers 206 until processing ends and 200 after.
 */
export async function uploadMastodonMedia(
  api: MastodonApi,
  accessToken: string,
  item: MediaItem,
): Promise<string> {
  const limit = Math.max(...Object.values(mastodonMediaPolicy.kinds).map((kind) => kind.maxBytes));
  const bytes = await readMedia(
    { ...mastodonName, url: item.url, fetch: api.config.fetch, timeoutMs: api.config.timeoutMs },
    limit,
  );
  const form = new FormData();
  form.set("file", new Blob([bytes], { type: item.mimeType }), fileName(item.mimeType));
  if (item.altText) form.set("description", item.altText);
  const created = await api.http.send({
    operation: "upload media",
    url: api.url("/api/v2/media"),
    bearer: accessToken,
    multipart: form,
    // Servers transcode video before answering a large upload; give them longer.
    timeoutMs: Math.max(api.config.timeoutMs ?? 0, 60_000),
  });
  const media = parseBody(mastodonName, "upload media", attachment, created.body);
  if (created.status === 200 && media.url) return media.id;
  await waitForProcessing(mastodonName, async () => {
    const polled = await api.http.send({
      operation: "check media processing",
      url: api.url(`/api/v1/media/${media.id}`),
      bearer: accessToken,
    });
    const current = parseBody(mastodonName, "check media processing", attachment, polled.body);
    return { done: polled.status === 200 && Boolean(current.url), waitMs: 1000 };
  });
  return media.id;
}

function fileName(mimeType: string): string {
  const extension =
    mimeType.split("/")[1]?.replace("quicktime", "mov").replace("jpeg", "jpg") ?? "bin";
  return `upload.${extension}`;
}
