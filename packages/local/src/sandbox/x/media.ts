import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import { readParams } from "../oauth.ts";
import type { SandboxState } from "../state.ts";
import { invalidRequest, problem } from "./problems.ts";

const MB = 1024 * 1024;
const limits: Record<string, number> = {
  tweet_image: 5 * MB,
  tweet_gif: 15 * MB,
  tweet_video: 512 * MB,
};

/**
 * X API v2 chunked media upload: POST /2/media/upload/initialize, /{id}/append (segments of at
 * most 5 MB, segment_index 0–999), /{id}/finalize (sizes must add up), GET /2/media/upload
 * ?command=STATUS while video and GIFs process, and POST /2/media/metadata for alt text.
 */
export function xMediaRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  accountOf: (c: Context<E>) => string,
): void {
  app.post("/2/media/upload/initialize", async (c) => {
    const { fields } = await readParams(c);
    const total = Number(fields.total_bytes);
    const category = fields.media_category ?? "tweet_image";
    if (!fields.media_type || !Number.isInteger(total) || total <= 0) {
      return invalidRequest(c, "media_type and total_bytes are required", {
        media_type: fields.media_type,
        total_bytes: fields.total_bytes,
      });
    }
    if (total > (limits[category] ?? 5 * MB))
      return invalidRequest(c, "File size exceeds the limit for this media_category", {
        total_bytes: total,
      });
    const id = state.nextId();
    const slow = faults.take("x", accountOf(c), c.req.path, ["slow_media"]);
    state.media.set(id, {
      id,
      network: "x",
      account: accountOf(c),
      mimeType: fields.media_type,
      bytes: new Uint8Array(0),
      totalBytes: total,
      pendingPolls: category === "tweet_image" ? 0 : 1 + (slow ? (slow.count ?? 3) : 0),
      createdAt: state.now(),
    });
    return c.json({ data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } });
  });

  app.post("/2/media/upload/:id/append", async (c) => {
    const media = owned(c, state, accountOf);
    if (!media) return problem(c, 404, "Not Found Error", "Media upload not found");
    const { fields, files } = await readParams(c);
    const index = Number(fields.segment_index);
    const file = files.media;
    if (!Number.isInteger(index) || index < 0 || index > 999 || !file) {
      return invalidRequest(c, "segment_index (0-999) and media are required", {
        segment_index: fields.segment_index,
      });
    }
    const chunk = new Uint8Array(await file.arrayBuffer());
    if (chunk.byteLength > 5 * MB)
      return invalidRequest(c, "Segment is larger than 5 MB", { media: chunk.byteLength });
    const joined = new Uint8Array(media.bytes.byteLength + chunk.byteLength);
    joined.set(media.bytes);
    joined.set(chunk, media.bytes.byteLength);
    media.bytes = joined;
    return c.json({ data: { expires_at: Math.floor(state.now() / 1000) + 86400 } });
  });

  app.post("/2/media/upload/:id/finalize", (c) => {
    const media = owned(c, state, accountOf);
    if (!media) return problem(c, 404, "Not Found Error", "Media upload not found");
    if (media.bytes.byteLength !== media.totalBytes) {
      return invalidRequest(c, "Segments do not add up to provided total file size.", {
        total_bytes: media.totalBytes,
      });
    }
    return c.json({
      data: describe(
        media.id,
        media.bytes.byteLength,
        media.pendingPolls > 0 ? "pending" : undefined,
      ),
    });
  });

  app.get("/2/media/upload", (c) => {
    if (c.req.query("command") !== "STATUS")
      return invalidRequest(c, "command must be STATUS", { command: c.req.query("command") });
    const media = state.media.get(c.req.query("media_id") ?? "");
    if (media?.network !== "x" || media.account !== accountOf(c))
      return problem(c, 404, "Not Found Error", "Media not found");
    if (media.pendingPolls > 0) media.pendingPolls -= 1;
    return c.json({
      data: describe(
        media.id,
        media.bytes.byteLength,
        media.pendingPolls > 0 ? "in_progress" : "succeeded",
      ),
    });
  });

  app.post("/2/media/metadata", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {
      id?: string;
      metadata?: { alt_text?: { text?: string } };
    };
    const media = state.media.get(body.id ?? "");
    if (media?.network !== "x" || media.account !== accountOf(c))
      return problem(c, 404, "Not Found Error", "Media not found");
    const alt = body.metadata?.alt_text?.text ?? "";
    if (alt.length > 1000)
      return invalidRequest(c, "Alt text must be at most 1000 characters", {
        alt_text: alt.length,
      });
    media.altText = alt;
    return c.json({ data: { associated_metadata: true, id: media.id } });
  });
}

function owned<E extends Env>(
  c: Context<E>,
  state: SandboxState,
  accountOf: (c: Context<E>) => string,
) {
  const media = state.media.get(c.req.param("id") ?? "");
  return media && media.network === "x" && media.account === accountOf(c) ? media : undefined;
}

function describe(id: string, size: number, processing?: "pending" | "in_progress" | "succeeded") {
  return {
    id,
    media_key: `3_${id}`,
    size,
    expires_after_secs: 86400,
    ...(processing
      ? {
          processing_info: {
            state: processing,
            check_after_secs: 1,
            progress_percent: processing === "succeeded" ? 100 : 40,
          },
        }
      : {}),
  };
}
