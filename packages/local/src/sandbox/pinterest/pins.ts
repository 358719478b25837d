import { createHmac, randomBytes } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import type { SandboxMedia, SandboxPost, SandboxState } from "../state.ts";
import { boardsOf, pinterestError } from "./answers.ts";

type MediaSource = {
  source_type?: string;
  url?: string;
  items?: { url?: string; title?: string; description?: string }[];
  media_id?: string;
  cover_image_url?: string;
  cover_image_key_frame_time?: number;
};

const signingKey = randomBytes(16);

/**
 * Pins and video uploads of API v5 (developers.pinterest.com/docs/api/v5): POST /v5/pins with a
 * media_source of image_url, multiple_image_urls (2–5) or video_id (with a cover), GET /v5/pins,
 * GET /v5/pins/{id}/analytics (90 days back at most), POST /v5/media answering an S3-style form
 * (served at /media-upload/, answering 204 or XML errors), and GET /v5/media/{id} moving from
 * registered to processing to succeeded.
 */
export function pinterestPinRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  accountOf: (c: Context<E>) => string,
): void {
  app.post("/v5/pins", async (c) => {
    const accountId = accountOf(c);
    const account = state.accountById("pinterest", accountId);
    const body = (await c.req.json().catch(() => ({}))) as {
      board_id?: string;
      title?: string;
      description?: string;
      link?: string;
      alt_text?: string;
      media_source?: MediaSource;
    };
    const board = account ? boardsOf(account).find((b) => b.id === body.board_id) : undefined;
    if (!board) return pinterestError(c, 404, 40, "Board not found.");
    const invalid = checkFields(body);
    if (invalid) return pinterestError(c, 400, 1, invalid);
    const media = await checkMedia(state, accountId, body.media_source ?? {});
    if (typeof media === "string") return pinterestError(c, 400, 1, media);
    state.countReceived("pinterest");
    if (faults.take("pinterest", accountId, c.req.path, ["reject"])) {
      return pinterestError(c, 400, 1, "Sorry! We blocked this link because it may lead to spam.");
    }
    const pin = state.addPost({
      network: "pinterest",
      id: state.nextId(),
      accountId,
      handle: account?.handle ?? accountId,
      text: body.description ?? "",
      media: media.items,
      extra: {
        boardId: board.id,
        title: body.title,
        link: body.link,
        altText: body.alt_text,
        mediaType: media.type,
        cover: media.cover,
      },
    });
    return c.json(pinResource(pin), 201);
  });

  app.get("/v5/pins", (c) => {
    const size = Math.min(250, Number(c.req.query("page_size") ?? 25));
    const items = state
      .postsOf("pinterest", accountOf(c))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, size)
      .map(pinResource);
    return c.json({ items, bookmark: null });
  });

  app.get("/v5/pins/:id/analytics", (c) => {
    const pin = state.posts.find((p) => p.network === "pinterest" && p.id === c.req.param("id"));
    if (!pin || pin.accountId !== accountOf(c)) return pinterestError(c, 404, 50, "Pin not found.");
    const start = Date.parse(c.req.query("start_date") ?? "");
    const end = Date.parse(c.req.query("end_date") ?? "");
    const earliest = state.now() - 90 * 24 * 3600_000;
    if (
      Number.isNaN(start) ||
      Number.isNaN(end) ||
      start < earliest - 24 * 3600_000 ||
      end < start
    ) {
      return pinterestError(c, 400, 1, "start_date cannot be more than 90 days back from today.");
    }
    const m = state.metricsOf(pin);
    const all: Record<string, number> = {
      IMPRESSION: m.impressions,
      SAVE: m.bookmarks,
      PIN_CLICK: m.linkClicks,
      OUTBOUND_CLICK: Math.floor(m.linkClicks / 2),
      ...(pin.extra.mediaType === "video" ? { VIDEO_MRC_VIEW: Math.floor(m.impressions / 3) } : {}),
    };
    const asked = (c.req.query("metric_types") ?? "").split(",");
    const summary = Object.fromEntries(
      Object.entries(all).filter(([name]) => asked.includes(name)),
    );
    return c.json({
      all: {
        daily_metrics: [
          {
            date: new Date(state.now()).toISOString().slice(0, 10),
            data_status: "READY",
            metrics: summary,
          },
        ],
        lifetime_metrics: summary,
        summary_metrics: summary,
      },
    });
  });

  app.post("/v5/media", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { media_type?: string };
    if (body.media_type !== "video") return pinterestError(c, 400, 1, "media_type must be video");
    const id = state.nextId();
    const slow = faults.take("pinterest", accountOf(c), c.req.path, ["slow_media"]);
    state.media.set(id, {
      id,
      network: "pinterest",
      account: accountOf(c),
      mimeType: "video/mp4",
      bytes: new Uint8Array(0),
      pendingPolls: 1 + (slow ? (slow.count ?? 3) : 0),
      createdAt: state.now(),
      extra: { status: "registered" },
    });
    const key = `uploads/${id}/video`;
    return c.json(
      {
        media_id: id,
        media_type: "video",
        upload_url: `${new URL(c.req.url).origin}/pinterest/media-upload/`,
        upload_parameters: {
          "x-amz-date": new Date(state.now()).toISOString().replace(/[-:]|\.\d+/g, ""),
          "x-amz-algorithm": "AWS4-HMAC-SHA256",
          "x-amz-credential": "SANDBOX/20260101/us-east-1/s3/aws4_request",
          key,
          policy: Buffer.from(JSON.stringify({ key, media: id })).toString("base64"),
          "x-amz-signature": sign(key),
          "Content-Type": "multipart/form-data",
        },
      },
      201,
    );
  });

  app.get("/v5/media/:id", (c) => {
    const media = state.media.get(c.req.param("id"));
    if (media?.network !== "pinterest" || media.account !== accountOf(c)) {
      return pinterestError(c, 404, 50, "Media not found.");
    }
    const extra = media.extra as { status: string };
    if (extra.status === "processing") {
      media.pendingPolls -= 1;
      if (media.pendingPolls <= 0) extra.status = "succeeded";
    }
    return c.json({ media_id: media.id, media_type: "video", status: extra.status });
  });

  // The S3 bucket's presigned POST: the form's fields as issued, the file last, no bearer token.
  app.post("/media-upload/", async (c) => {
    const form = await c.req.formData().catch(() => undefined);
    const key = String(form?.get("key") ?? "");
    const file = form?.get("file");
    const media = state.media.get(/^uploads\/(\d+)\/video$/.exec(key)?.[1] ?? "");
    if (!media || form?.get("x-amz-signature") !== sign(key)) {
      return s3Error(
        c,
        403,
        "AccessDenied",
        "Invalid according to Policy: Policy Condition failed",
      );
    }
    if (!(file instanceof File) || file.size === 0) {
      return s3Error(
        c,
        400,
        "InvalidArgument",
        "POST requires exactly one file upload per request.",
      );
    }
    media.bytes = new Uint8Array(await file.arrayBuffer());
    media.mimeType = file.type || "video/mp4";
    (media.extra as { status: string }).status = "processing";
    return c.body(null, 204);
  });
}

function sign(key: string): string {
  return createHmac("sha256", signingKey).update(key).digest("hex");
}

function s3Error(c: Context, status: number, code: string, message: string): Response {
  return c.body(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    status as 400,
    { "content-type": "application/xml" },
  );
}

function checkFields(body: {
  title?: string;
  description?: string;
  link?: string;
  alt_text?: string;
}) {
  if ((body.title ?? "").length > 100) return "Title must be 100 characters or fewer.";
  if ((body.description ?? "").length > 800) return "Description must be 800 characters or fewer.";
  if ((body.alt_text ?? "").length > 500) return "Alt text must be 500 characters or fewer.";
  if (body.link !== undefined && (!/^https?:\/\//.test(body.link) || body.link.length > 2048)) {
    return "Link must be a valid http or https URL.";
  }
  return undefined;
}

/** What the Pin shows, or why Pinterest refuses its media. */
async function checkMedia(
  state: SandboxState,
  accountId: string,
  source: MediaSource,
): Promise<string | { type: string; items: SandboxPost["media"]; cover?: string }> {
  if (source.source_type === "image_url") {
    const type = await imageType(source.url);
    if (!type) return "Sorry we could not fetch the image.";
    return { type: "image", items: [{ id: source.url ?? "", mimeType: type }] };
  }
  if (source.source_type === "multiple_image_urls") {
    const items = source.items ?? [];
    if (items.length < 2 || items.length > 5) return "A carousel Pin needs 2 to 5 images.";
    const types = await Promise.all(items.map((item) => imageType(item.url)));
    if (types.some((type) => !type)) return "Sorry we could not fetch the image.";
    return {
      type: "multiple_images",
      items: items.map((item, i) => ({
        id: item.url ?? "",
        mimeType: types[i] ?? "",
        altText: item.description,
      })),
    };
  }
  if (source.source_type === "video_id") {
    const media: SandboxMedia | undefined = state.media.get(source.media_id ?? "");
    if (media?.network !== "pinterest" || media.account !== accountId) return "Media not found.";
    if ((media.extra as { status: string }).status !== "succeeded") {
      return "The video is not ready: its upload has not succeeded.";
    }
    if (!source.cover_image_url && source.cover_image_key_frame_time === undefined) {
      return "A video Pin needs cover_image_url or cover_image_key_frame_time.";
    }
    return {
      type: "video",
      items: [{ id: media.id, mimeType: media.mimeType }],
      cover: source.cover_image_url ?? `frame ${source.cover_image_key_frame_time}`,
    };
  }
  return "media_source.source_type is invalid.";
}

async function imageType(url: string | undefined): Promise<string | undefined> {
  if (!url || !/^https?:\/\//.test(url)) return undefined;
  const answer = await fetch(url).catch(() => undefined);
  await answer?.body?.cancel();
  const type = answer?.headers.get("content-type") ?? "";
  return answer?.ok && type.startsWith("image/") ? type : undefined;
}

export function pinResource(pin: SandboxPost) {
  return {
    id: pin.id,
    created_at: new Date(pin.createdAt).toISOString().replace(/\.\d+Z$/, ""),
    link: pin.extra.link ?? null,
    title: pin.extra.title ?? "",
    description: pin.text,
    alt_text: pin.extra.altText ?? null,
    board_id: pin.extra.boardId,
    board_owner: { username: pin.handle },
    media: { media_type: pin.extra.mediaType },
  };
}
