import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import type { SandboxPost, SandboxState, SandboxToken } from "../state.ts";
import { linkedInAsset } from "./media.ts";
import type { LinkedInPeople } from "./people.ts";
import { duplicate, invalidInput, problem } from "./problems.ts";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Reads commentary in LinkedIn's little text format the way LinkedIn shows it: `\x` is a
 * literal x, `{hashtag|\#|tag}` is #tag, `@[Name](urn)` is Name, and an unescaped reserved
 * character ends the text there (LinkedIn silently truncates the post).
 */
export function readLittleText(commentary: string): string {
  let out = "";
  for (let at = 0; at < commentary.length; ) {
    const rest = commentary.slice(at);
    const hashtag = rest.match(/^\{hashtag\|\\#\|((?:\\.|[^\\}])*)\}/);
    const mention = rest.match(/^@\[((?:\\.|[^\\\]])*)\]\((urn:li:[^)]+)\)/);
    const char = commentary[at] ?? "";
    if (hashtag) {
      out += `#${(hashtag[1] ?? "").replace(/\\(.)/g, "$1")}`;
      at += hashtag[0].length;
    } else if (mention) {
      out += (mention[1] ?? "").replace(/\\(.)/g, "$1");
      at += mention[0].length;
    } else if (char === "\\") {
      out += commentary[at + 1] ?? "";
      at += 2;
    } else if (/[|{}@[\]()<>#*_~]/.test(char)) {
      return out;
    } else {
      out += char;
      at += 1;
    }
  }
  return out;
}

interface PostBody {
  author?: string;
  commentary?: string;
  visibility?: string;
  lifecycleState?: string;
  distribution?: { feedDistribution?: string };
  content?: {
    media?: { id?: string; altText?: string; title?: string };
    multiImage?: { images?: { id?: string; altText?: string }[] };
    article?: { source?: string; title?: string; description?: string; thumbnail?: string };
  };
}

/**
 * The Posts, Comments and statistics APIs: POST /rest/posts (201 with the URN in x-restli-id;
 * urn:li:share for text, image and article posts, urn:li:ugcPost for video and multi-image),
 * GET /rest/posts?q=author, POST /rest/socialActions/{urn}/comments, GET /rest/socialActions/{urn}
 * and GET /rest/organizationalEntityShareStatistics for a page's posts.
 */
export function linkedInPostRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  people: LinkedInPeople,
  tokenOf: (c: Context) => SandboxToken,
): void {
  app.post("/rest/posts", async (c) => {
    state.countReceived("linkedin");
    const body = (await c.req.json().catch(() => ({}))) as PostBody;
    for (const [field, ok] of [
      ["/author", typeof body.author === "string"],
      ["/commentary", typeof body.commentary === "string"],
      ["/visibility", ["PUBLIC", "CONNECTIONS", "LOGGED_IN"].includes(body.visibility ?? "")],
      ["/lifecycleState", body.lifecycleState === "PUBLISHED"],
      [
        "/distribution/feedDistribution",
        ["MAIN_FEED", "NONE"].includes(body.distribution?.feedDistribution ?? ""),
      ],
    ] as const) {
      if (!ok)
        return invalidInput(
          c,
          "FIELD_VALUE_VALIDATION_FAILED",
          `Field ${field} is missing or invalid`,
          `Data Processing Exception while processing fields [${field}]`,
          field,
        );
    }
    const author = people.actAs(c, tokenOf(c), body.author ?? "", "write");
    if (author instanceof Response) return author;
    const text = readLittleText(body.commentary ?? "");
    if ([...segmenter.segment(text)].length > 3000) {
      return invalidInput(
        c,
        "INVALID_VALUE",
        "Commentary is longer than 3000 characters",
        "Text too long",
        "/commentary",
      );
    }
    const content = body.content ?? {};
    const assets = [
      content.media?.id,
      ...(content.multiImage?.images ?? []).map((i) => i.id),
    ].filter((id): id is string => id !== undefined);
    const media = [];
    for (const urn of assets) {
      const asset = linkedInAsset(state, urn);
      if (!asset || asset.upload.owner !== body.author || asset.upload.status !== "AVAILABLE") {
        return invalidInput(
          c,
          "INVALID_VALUE",
          `${urn} is not an available asset of the author`,
          "Invalid media",
          "/content",
        );
      }
      media.push({ id: urn, mimeType: asset.media.mimeType });
    }
    const images = content.multiImage?.images?.length ?? 0;
    if (content.multiImage && (images < 2 || images > 20)) {
      return invalidInput(
        c,
        "INVALID_VALUE",
        "A multiImage post has 2 to 20 images",
        "Invalid multiImage",
        "/content/multiImage/images",
      );
    }
    const article = content.article;
    if (article && (!article.source || !article.title)) {
      return invalidInput(
        c,
        "FIELD_VALUE_VALIDATION_FAILED",
        "An article needs source and title",
        "Invalid article",
        "/content/article",
      );
    }
    const recent = state
      .postsOf("linkedin", author.id)
      .find(
        (p) =>
          !p.replyTo && text !== "" && p.text === text && state.now() - p.createdAt < 24 * 3600_000,
      );
    if (recent) return duplicate(c, recent.id);
    if (faults.take("linkedin", author.id, c.req.path, ["reject"]))
      return duplicate(c, `urn:li:share:${state.nextId()}`);
    const video = media.some((m) => m.mimeType.startsWith("video/"));
    const urn = `urn:li:${video || content.multiImage ? "ugcPost" : "share"}:${state.nextId()}`;
    state.addPost({
      network: "linkedin",
      id: urn,
      accountId: author.id,
      handle: author.handle,
      text,
      media: media.map((m, i) => ({
        ...m,
        altText: (content.media ?? content.multiImage?.images?.[i])?.altText,
      })),
      extra: {
        author: body.author,
        commentary: body.commentary,
        ...(article ? { card: { uri: article.source, title: article.title }, article } : {}),
      },
    });
    c.header("x-restli-id", urn);
    c.header("x-linkedin-id", urn);
    return c.body(null, 201);
  });

  app.get("/rest/posts", (c) => {
    if (c.req.query("q") !== "author") return problem(c, 400, "ILLEGAL_ARGUMENT", "Unknown finder");
    const author = people.actAs(c, tokenOf(c), c.req.query("author") ?? "", "read");
    if (author instanceof Response) return author;
    const count = Math.min(100, Number(c.req.query("count") ?? 10));
    const posts = state
      .postsOf("linkedin", author.id)
      .filter((p) => !p.replyTo)
      .sort((a, b) => b.createdAt - a.createdAt);
    return c.json({
      elements: posts.slice(0, count).map((p) => ({
        id: p.id,
        author: p.extra.author,
        commentary: p.extra.commentary,
        visibility: "PUBLIC",
        lifecycleState: "PUBLISHED",
        createdAt: p.createdAt,
        publishedAt: p.createdAt,
      })),
      paging: { start: 0, count, total: posts.length, links: [] },
    });
  });

  app.post("/rest/socialActions/:urn/comments", async (c) => {
    const target = postOf(state, c.req.param("urn"));
    const body = (await c.req.json().catch(() => ({}))) as {
      actor?: string;
      object?: string;
      message?: { text?: string };
    };
    if (!target || body.object !== target.id) return problem(c, 404, "NOT_FOUND", "Post not found");
    const actor = people.actAs(c, tokenOf(c), body.actor ?? "", "write");
    if (actor instanceof Response) return actor;
    if (!body.message?.text)
      return invalidInput(
        c,
        "FIELD_VALUE_VALIDATION_FAILED",
        "message.text is required",
        "Missing text",
        "/message/text",
      );
    const id = state.nextId();
    const commentUrn = `urn:li:comment:(${target.id},${id})`;
    state.addPost({
      network: "linkedin",
      id: commentUrn,
      accountId: actor.id,
      handle: actor.handle,
      text: body.message.text,
      replyTo: target.id,
      media: [],
      extra: { kind: "comment" },
    });
    c.header("x-restli-id", encodeURIComponent(commentUrn));
    return c.json(
      {
        actor: body.actor,
        object: target.id,
        message: body.message,
        id,
        commentUrn,
        created: { actor: body.actor, time: state.now() },
      },
      201,
    );
  });

  app.get("/rest/socialActions/:urn", (c) => {
    const target = postOf(state, c.req.param("urn"));
    if (!target) return problem(c, 404, "NOT_FOUND", "Post not found");
    const reader = people.actAs(c, tokenOf(c), String(target.extra.author), "read");
    if (reader instanceof Response) return reader;
    const m = state.metricsOf(target);
    return c.json({
      target: target.id,
      likesSummary: {
        totalLikes: m.likes,
        aggregatedTotalLikes: m.likes,
        likedByCurrentUser: false,
      },
      commentsSummary: { totalFirstLevelComments: m.replies, aggregatedTotalComments: m.replies },
    });
  });

  app.get("/rest/organizationalEntityShareStatistics", (c) => {
    const query = new URL(c.req.url).searchParams;
    const org = query.get("organizationalEntity") ?? "";
    if (query.get("q") !== "organizationalEntity" || !org.startsWith("urn:li:organization:")) {
      return problem(
        c,
        400,
        "ILLEGAL_ARGUMENT",
        "q=organizationalEntity and an organization URN are required",
      );
    }
    const reader = people.actAs(c, tokenOf(c), org, "read");
    if (reader instanceof Response) return reader;
    const listed = ["shares", "ugcPosts"].flatMap((name) =>
      (query.get(name)?.match(/^List\((.*)\)$/)?.[1] ?? "")
        .split(",")
        .filter(Boolean)
        .map((urn) => ({ name, urn: decodeURIComponent(urn) })),
    );
    const elements = listed.flatMap(({ name, urn }) => {
      const post = postOf(state, urn);
      if (!post || post.accountId !== reader.id) return [];
      const m = state.metricsOf(post);
      return [
        {
          organizationalEntity: org,
          [name === "shares" ? "share" : "ugcPost"]: urn,
          totalShareStatistics: {
            uniqueImpressionsCount: Math.floor(m.impressions * 0.6),
            shareCount: m.reposts,
            engagement:
              m.impressions === 0 ? 0 : (m.likes + m.replies + m.linkClicks) / m.impressions,
            clickCount: m.linkClicks,
            likeCount: m.likes,
            impressionCount: m.impressions,
            commentCount: m.replies,
          },
        },
      ];
    });
    return c.json({ elements, paging: { start: 0, count: elements.length, links: [] } });
  });
}

export function postOf(state: SandboxState, urn: string): SandboxPost | undefined {
  const id = decodeURIComponent(urn);
  return state.posts.find((p) => p.network === "linkedin" && p.id === id && !p.replyTo);
}
