import { Activity } from "../activity/index.ts";
import { unlessConditionFails } from "../db/condition.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { adapterFor } from "../network/index.ts";
import { postStatus } from "../post/status.ts";

/**
 * Keeps a post's status in line with its targets after a target's result commits, and logs a
 * publish once per post rather than once per target.
 *
 * Results of one post often land together (a post to twenty-five accounts is one burst of
 * messages), so refreshes of one post in this process share their reads: while one runs, every
 * caller that arrives waits for a single follow-up that starts after it, which therefore reads
 * every write those callers made. Across processes the status write is conditional on the
 * status read, and a refresh that loses re-reads, so the last word is always from fresh reads.
 */
export function refreshPostStatus(
  workspaceId: string,
  postId: string,
  extra: Record<string, string> = {},
): Promise<void> {
  // An evergreen post's `lastPublishedAt` belongs to this caller: written by its own refresh.
  if (Object.keys(extra).length > 0) return refresh(workspaceId, postId, extra);
  return coalesce(`${workspaceId}/${postId}`, () => refresh(workspaceId, postId, {}));
}

interface Lane {
  current: Promise<void>;
  next?: Promise<void>;
}
const lanes = new Map<string, Lane>();
const ignore = () => undefined;

function coalesce(key: string, work: () => Promise<void>): Promise<void> {
  const lane = lanes.get(key);
  if (lane) {
    lane.next ??= lane.current.then(ignore, ignore).then(() => run(lane));
    return lane.next;
  }
  const fresh: Lane = { current: Promise.resolve() };
  lanes.set(key, fresh);
  return run(fresh);

  function run(l: Lane): Promise<void> {
    // Callers from now on may have written after this run's read: they need a follow-up.
    l.next = undefined;
    const current = work().finally(() => {
      if (l.current === current && !l.next) lanes.delete(key);
    });
    l.current = current;
    return current;
  }
}

async function refresh(
  workspaceId: string,
  postId: string,
  extra: Record<string, string>,
): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    const loaded = await db().collections.post({ workspaceId, postId }).go({ pages: "all" });
    const post = loaded.data.post[0];
    if (!post) return;
    const targets = loaded.data.target as TargetItem[];
    const status = postStatus(targets.map((t) => t.state));
    // Most results leave the status as it was (a post to 25 accounts changes it once or twice).
    if (post.status === status && Object.keys(extra).length === 0) return;
    const written = await unlessConditionFails(
      db()
        .entities.post.patch({ workspaceId, postId })
        .set({ status, ...extra })
        .where((attr, op) => op.eq(attr.status, post.status))
        .go(),
    );
    if (!written) continue; // Another refresh wrote first: read again.
    if (status !== post.status) await logPublished(workspaceId, postId, status, targets);
    return;
  }
}

/** One entry per post when it goes out: which accounts have it, with their links. */
async function logPublished(
  workspaceId: string,
  postId: string,
  status: string,
  targets: TargetItem[],
): Promise<void> {
  if (status !== "published" && status !== "partially_published") return;
  const live = targets.filter((t) => t.state !== "canceled");
  const published = live.filter((t) => t.state === "published");
  const names = published.map((t) => adapterFor(t.network).displayName);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  await Activity.record({
    workspaceId,
    action: "post.published",
    subjectType: "post",
    subjectId: postId,
    summary:
      status === "published"
        ? `Published to ${list}`
        : `Published to ${list}; ${live.length - published.length} of ${live.length} accounts still to go`,
    data: {
      targets: published.map((t) => ({
        targetId: t.targetId,
        network: t.network,
        url: t.url ?? null,
        externalId: t.externalId ?? null,
      })),
    },
  });
}
