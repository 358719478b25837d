import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import { readParams } from "../oauth.ts";
import type { SandboxState } from "../state.ts";
import { attachmentEntity, statusEntity, statusLength } from "./render.ts";

const MB = 1024 * 1024;
const imageTypes = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/heic",
  "image/heif",
  "image/avif",
];
const videoTypes = ["video/mp4", "video/webm", "video/quicktime"];

/**
 * Media (POST /api/v2/media: 200 when ready, 202 while processing; GET /api/v1/media/:id: 206
 * until done) and statuses (POST with Idempotency-Key remembered for an hour, GET one, list an
 * account's), with Mastodon's validation messages.
 */
export function mastodonStatusRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  accountOf: (c: Context<E>) => string,
  base: (c: Context<E>) => string,
): void {
  app.post("/api/v2/media", async (c) => {
    const { fields, files } = await readParams(c);
    const file = files.file;
    if (!file) return c.json({ error: "Validation failed: File can't be blank" }, 422);
    const type = file.type.split(";")[0] ?? "";
    if (![...imageTypes, ...videoTypes].includes(type))
      return c.json(
        { error: "Validation failed: File content type is invalid, File is invalid" },
        422,
      );
    const limit = videoTypes.includes(type) ? 99 * MB : 16 * MB;
    if (file.size > limit)
      return c.json(
        { error: `Validation failed: File file size must be less than ${limit / MB} MB` },
        422,
      );
    if ((fields.description ?? "").length > 1500)
      return c.json(
        { error: "Validation failed: Description is too long (maximum is 1500 characters)" },
        422,
      );
    const slow = faults.take("mastodon", accountOf(c), c.req.path, ["slow_media"]);
    const processed = type.startsWith("image/") && type !== "image/gif";
    const media = {
      id: state.nextId(),
      network: "mastodon" as const,
      account: accountOf(c),
      mimeType: type,
      bytes: new Uint8Array(await file.arrayBuffer()),
      altText: fields.description,
      pendingPolls: (processed ? 0 : 1) + (slow ? (slow.count ?? 3) : 0),
      createdAt: state.now(),
    };
    state.media.set(media.id, media);
    return c.json(attachmentEntity(base(c), media), media.pendingPolls > 0 ? 202 : 200);
  });

  app.get("/api/v1/media/:id", (c) => {
    const media = state.media.get(c.req.param("id") ?? "");
    if (media?.network !== "mastodon" || media.account !== accountOf(c))
      return c.json({ error: "Record not found" }, 404);
    if (media.pendingPolls > 0) media.pendingPolls -= 1;
    return c.json(attachmentEntity(base(c), media), media.pendingPolls > 0 ? 206 : 200);
  });

  app.post("/api/v1/statuses", async (c) => {
    state.countReceived("mastodon");
    const accountId = accountOf(c);
    const key = c.req.header("idempotency-key");
    const remembered = key ? state.idempotency.get(`mastodon:${accountId}:${key}`) : undefined;
    if (remembered && state.now() - remembered.at < 3600_000) {
      const post = state.posts.find((p) => p.network === "mastodon" && p.id === remembered.postId);
      if (post) return c.json(statusEntity(base(c), state, post));
    }
    const { fields, lists } = await readParams(c);
    const text = fields.status ?? "";
    const mediaIds = lists.media_ids ?? [];
    if (faults.take("mastodon", accountId, c.req.path, ["reject"])) {
      return c.json(
        { error: "Validation failed: Text contains a link to a domain this server does not allow" },
        422,
      );
    }
    if (text.trim() === "" && mediaIds.length === 0)
      return c.json({ error: "Validation failed: Text can't be blank" }, 422);
    if (statusLength(text) > 500)
      return c.json({ error: "Validation failed: Text character limit of 500 exceeded" }, 422);
    if (mediaIds.length > 4) return c.json({ error: "Cannot attach more than 4 files" }, 422);
    const media = mediaIds.map((id) => state.media.get(id));
    if (media.some((m) => m?.network !== "mastodon" || m.account !== accountId))
      return c.json({ error: "Record not found" }, 404);
    if (media.some((m) => (m?.pendingPolls ?? 0) > 0)) {
      return c.json(
        { error: "Cannot attach files that have not finished processing. Try again in a moment!" },
        422,
      );
    }
    if (media.length > 1 && media.some((m) => m?.mimeType.startsWith("video/"))) {
      return c.json({ error: "Cannot attach a video to a post that already contains images" }, 422);
    }
    const replyTo = fields.in_reply_to_id;
    if (replyTo && !state.posts.some((p) => p.network === "mastodon" && p.id === replyTo))
      return c.json({ error: "Record not found" }, 404);
    const account = state.accountById("mastodon", accountId);
    const post = state.addPost({
      network: "mastodon",
      id: state.nextId(),
      accountId,
      handle: account?.handle ?? accountId,
      text,
      replyTo,
      media: media.flatMap((m) =>
        m ? [{ id: m.id, mimeType: m.mimeType, altText: m.altText }] : [],
      ),
      extra: { visibility: fields.visibility ?? "public" },
    });
    if (key)
      state.idempotency.set(`mastodon:${accountId}:${key}`, { postId: post.id, at: state.now() });
    return c.json(statusEntity(base(c), state, post));
  });

  app.get("/api/v1/statuses/:id", (c) => {
    const post = state.posts.find((p) => p.network === "mastodon" && p.id === c.req.param("id"));
    return post
      ? c.json(statusEntity(base(c), state, post))
      : c.json({ error: "Record not found" }, 404);
  });

  app.get("/api/v1/accounts/:id/statuses", (c) => {
    const limit = Math.min(40, Math.max(1, Number(c.req.query("limit") ?? 20)));
    const posts = state
      .postsOf("mastodon", c.req.param("id"))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
    return c.json(posts.map((p) => statusEntity(base(c), state, p)));
  });
}
