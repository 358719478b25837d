import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import { googleError } from "../google/oauth.ts";
import type { SandboxAccount, SandboxPost, SandboxState } from "../state.ts";

/** The Business Profile accounts a sandbox Google account manages ("nobusiness…" has none). */
export function businessAccountsOf(account: SandboxAccount) {
  if (account.handle.startsWith("nobusiness")) return [];
  const n = Number.parseInt(account.id, 10) || 1;
  return [
    {
      name: `accounts/${100_000 + n}`,
      accountName: account.displayName,
      type: "PERSONAL",
      role: "PRIMARY_OWNER",
      verificationState: "VERIFIED",
      vettedState: "NOT_VETTED",
    },
    {
      name: `accounts/${200_000 + n}`,
      accountName: `${account.displayName} Shops`,
      type: "LOCATION_GROUP",
      role: "OWNER",
      verificationState: "VERIFIED",
      vettedState: "NOT_VETTED",
    },
  ];
}

/** Two locations in a personal account, one in a location group. */
export function locationsOf(account: SandboxAccount, businessAccount: string) {
  const owned = businessAccountsOf(account).find((a) => a.name === businessAccount);
  if (!owned) return [];
  const number = businessAccount.split("/")[1] ?? "0";
  const places =
    owned.type === "PERSONAL"
      ? [
          [`${account.displayName} Café`, "1 Market Street"],
          [`${account.displayName} Bakery`, "22 Mill Lane"],
        ]
      : [[`${account.displayName} Kiosk`, "Station Square"]];
  return places.map(([title, street], index) => ({
    name: `locations/${number}${index + 1}`,
    title,
    storefrontAddress: { regionCode: "US", locality: "Springfield", addressLines: [street] },
    metadata: {
      placeId: `ChIJ${number}${index + 1}`,
      mapsUri: `https://maps.google.com/maps?cid=${number}${index + 1}`,
    },
  }));
}

const actionTypes = ["BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"];
const topicTypes = ["STANDARD", "EVENT", "OFFER", "ALERT"];

interface LocalPostInput {
  languageCode?: string;
  summary?: string;
  topicType?: string;
  callToAction?: { actionType?: string; url?: string };
  media?: { mediaFormat?: string; sourceUrl?: string }[];
  event?: { title?: string; schedule?: { startDate?: unknown; endDate?: unknown } };
  offer?: Record<string, unknown>;
}

/**
 * The v4 local posts (developers.google.com/my-business/reference/rest/v4/accounts.locations.
 * localPosts): create with the LocalPost checks (summary ≤ 1,500, topicType, callToAction,
 * event schedule, one PHOTO fetched from sourceUrl), get and list. A post is PROCESSING at first,
 * then LIVE; the reject fault makes it REJECTED, as a content policy review does.
 */
export function localPostRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  accountOf: (c: Context<E>) => string,
): void {
  app.post("/v4/accounts/:account/locations/:location/localPosts", async (c) => {
    const accountId = accountOf(c);
    const parent = `accounts/${c.req.param("account")}/locations/${c.req.param("location")}`;
    if (!ownsLocation(state, accountId, parent)) {
      return googleError(c, {
        code: 403,
        status: "PERMISSION_DENIED",
        message: "The caller does not have permission",
        reason: "PERMISSION_DENIED",
        style: "aip193",
      });
    }
    const body = (await c.req.json().catch(() => ({}))) as LocalPostInput;
    const problem = await check(body);
    if (problem) return invalid(c, problem);
    const account = state.accountById("google-business", accountId);
    const slow = faults.take("google-business", accountId, c.req.path, ["slow_media"]);
    const reject = faults.take("google-business", accountId, c.req.path, ["reject"]);
    state.countReceived("google-business");
    const id = state.nextId();
    const post = state.addPost({
      network: "google-business",
      id,
      accountId,
      handle: account?.handle ?? accountId,
      text: body.summary ?? "",
      media: (body.media ?? []).map((_, i) => ({ id: `${id}-${i}`, mimeType: "image/jpeg" })),
      extra: {
        location: parent,
        photos: (body.media ?? []).map((m) => m.sourceUrl ?? ""),
        name: `${parent}/localPosts/${id}`,
        languageCode: body.languageCode,
        topicType: body.topicType,
        callToAction: body.callToAction,
        event: body.event,
        offer: body.offer,
        searchUrl: `${new URL(c.req.url).origin}/google-business/place?lpsid=${id}`,
        state: "PROCESSING",
        pendingReads: slow ? (slow.count ?? 3) : 0,
        rejected: reject !== undefined,
      },
    });
    // A short post settles at once unless slow_media holds it in review.
    if (!slow) settle(post);
    return c.json(resource(post));
  });

  app.get("/v4/accounts/:account/locations/:location/localPosts/:id", (c) => {
    const post = state.posts.find(
      (p) => p.network === "google-business" && p.id === c.req.param("id"),
    );
    if (!post || post.accountId !== accountOf(c)) return notFound(c);
    const extra = post.extra as { pendingReads: number; state: string };
    if (extra.state === "PROCESSING") {
      extra.pendingReads -= 1;
      if (extra.pendingReads <= 0) settle(post);
    }
    return c.json(resource(post));
  });

  app.get("/v4/accounts/:account/locations/:location/localPosts", (c) => {
    const parent = `accounts/${c.req.param("account")}/locations/${c.req.param("location")}`;
    if (!ownsLocation(state, accountOf(c), parent)) return notFound(c);
    const posts = state
      .postsOf("google-business", accountOf(c))
      .filter((p) => p.extra.location === parent)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(resource);
    return c.json({ localPosts: posts });
  });
}

function settle(post: SandboxPost): void {
  post.extra.state = post.extra.rejected ? "REJECTED" : "LIVE";
}

export function ownsLocation(state: SandboxState, accountId: string, parent: string): boolean {
  const account = state.accountById("google-business", accountId);
  const [, businessAccount, , location] = parent.split("/");
  if (!account || !businessAccount || !location) return false;
  return locationsOf(account, `accounts/${businessAccount}`).some(
    (l) => l.name === `locations/${location}`,
  );
}

export function resource(post: SandboxPost) {
  const extra = post.extra as Record<string, unknown>;
  const time = new Date(post.createdAt).toISOString();
  return {
    name: extra.name,
    languageCode: extra.languageCode,
    summary: post.text,
    ...(extra.callToAction ? { callToAction: extra.callToAction } : {}),
    createTime: time,
    updateTime: time,
    ...(extra.event ? { event: extra.event } : {}),
    state: extra.state,
    media: ((extra.photos as string[] | undefined) ?? []).map((url, index) => ({
      name: `${String(extra.name)}/media/${index}`,
      mediaFormat: "PHOTO",
      sourceUrl: url,
      googleUrl: url,
    })),
    searchUrl: extra.searchUrl,
    topicType: extra.topicType,
    ...(extra.offer ? { offer: extra.offer } : {}),
  };
}

/** The reasons Google gives for a LocalPost it will not take. */
async function check(body: LocalPostInput): Promise<string | undefined> {
  const summary = body.summary ?? "";
  if ([...summary].length > 1500) return "summary: must be at most 1500 characters.";
  if (!topicTypes.includes(body.topicType ?? "")) return "topic_type: is required.";
  if (body.topicType === "STANDARD" && summary.trim() === "" && !body.media?.length) {
    return "summary: is required.";
  }
  const cta = body.callToAction;
  if (cta) {
    if (!actionTypes.includes(cta.actionType ?? ""))
      return "call_to_action.action_type: is invalid.";
    if (cta.actionType !== "CALL" && !/^https?:\/\//.test(cta.url ?? "")) {
      return "call_to_action.url: must be a valid URL.";
    }
  }
  if (
    (body.topicType === "EVENT" || body.topicType === "OFFER") &&
    !body.event?.schedule?.startDate
  ) {
    return "event.schedule: is required.";
  }
  const media = body.media ?? [];
  if (media.length > 1) return "media: at most one photo is supported.";
  for (const item of media) {
    if (item.mediaFormat !== "PHOTO") return "media.media_format: only PHOTO is supported.";
    const answer = await fetch(item.sourceUrl ?? "").catch(() => undefined);
    const type = answer?.headers.get("content-type") ?? "";
    const size = (await answer?.arrayBuffer().catch(() => undefined))?.byteLength ?? 0;
    if (!answer?.ok) return "media.source_url: could not fetch the photo.";
    if (!["image/jpeg", "image/png"].includes(type))
      return "media.source_url: must be a JPG or PNG.";
    if (size > 5 * 1024 * 1024) return "media.source_url: the photo must be at most 5 MB.";
  }
  return undefined;
}

function invalid(c: Context, message: string): Response {
  return googleError(c, {
    code: 400,
    status: "INVALID_ARGUMENT",
    message: `Request contains an invalid argument. ${message}`,
    reason: "INVALID_ARGUMENT",
    style: "aip193",
  });
}

function notFound(c: Context): Response {
  return googleError(c, {
    code: 404,
    status: "NOT_FOUND",
    message: "Requested entity was not found.",
    reason: "NOT_FOUND",
    style: "aip193",
  });
}
