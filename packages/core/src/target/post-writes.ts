import { committed } from "../db/condition.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { applyEffects, type Change } from "./effects.ts";
import { checkFields, dueFields, type State } from "./fields.ts";

type Service = ReturnType<typeof db>;
type WriteBuilder = Parameters<Service["transaction"]["write"]>[0];
/** The entities a transaction callback is handed, and one item it may return. */
export type TransactionEntities = Parameters<WriteBuilder>[0];
export type TransactionItem = ReturnType<WriteBuilder>[number];
/** A target as the post module lays it out (state, due time, version, overrides). */
export type NewTarget = Parameters<Service["entities"]["target"]["create"]>[0] & {
  version: number;
  state: State;
  targetId: string;
};

/** One target's part in a change to its post. Each is conditional on what the caller read. */
export type TargetChange =
  | { kind: "create"; item: NewTarget }
  /** Edit, reschedule, resume: the whole target laid out again under a new version. */
  | { kind: "replace"; before: TargetItem; item: NewTarget }
  /** Approve, reject, pause, cancel, reorder: a new state (and time) under a new version. */
  | { kind: "move"; before: TargetItem; to: State; dueAt?: string }
  | { kind: "delete"; before: TargetItem };

function laidOut(item: NewTarget) {
  const times = { dueAt: item.dueAt, leaseUntil: item.leaseUntil };
  return { ...item, ...checkFields(item.targetId, item.state, times) };
}

function afterOf(change: TargetChange): TargetItem | undefined {
  if (change.kind === "delete") return undefined;
  if (change.kind === "move") {
    const { before, to, dueAt } = change;
    return { ...before, state: to, version: before.version + 1, dueAt: dueAt ?? before.dueAt };
  }
  return {
    ...(change.kind === "replace" ? change.before : {}),
    ...laidOut(change.item),
  } as TargetItem;
}

/**
 * Writes a post's change and its targets' transitions in one transaction, each target's write
 * conditional on the state and version the caller read (a claim in between refuses it), then
 * runs the schedule changes. Answers false when a condition refused it: nothing was written.
 */
export async function commitWithPost(
  postWrite: ((entities: TransactionEntities) => TransactionItem) | undefined,
  changes: TargetChange[],
): Promise<boolean> {
  return commitPosts([{ postWrite, changes }]);
}

/** One post's write and its targets' changes, as `commitWithPost` takes them. */
export interface PostWrites {
  postWrite: ((entities: TransactionEntities) => TransactionItem) | undefined;
  changes: TargetChange[];
}

/**
 * Several posts' writes in one transaction (all or none), then their schedule changes: an
 * import of thousands of posts commits them a transaction of many at a time instead of one
 * each. The caller keeps the whole within DynamoDB's 100 items per transaction.
 */
export async function commitPosts(posts: PostWrites[]): Promise<boolean> {
  const result = await db()
    .transaction.write((entities) =>
      posts.flatMap(({ postWrite, changes }) => [
        ...(postWrite ? [postWrite(entities)] : []),
        ...changes.map((change) => targetWrite(entities, change)),
      ]),
    )
    .go();
  if (!committed(result)) return false;
  await applyEffects(
    posts.flatMap(({ changes }) =>
      changes.map(
        (change): Change => ({
          before: change.kind === "create" ? undefined : change.before,
          after: afterOf(change),
        }),
      ),
    ),
  );
  return true;
}

function targetWrite({ target }: TransactionEntities, change: TargetChange): TransactionItem {
  if (change.kind === "create") return target.create(laidOut(change.item)).commit();
  const { workspaceId, postId, targetId, state, version } = change.before;
  const unchanged = (
    attr: { state: unknown; version: unknown },
    op: { eq: (a: unknown, v: unknown) => string },
  ) => `${op.eq(attr.state, state)} AND ${op.eq(attr.version, version)}`;
  if (change.kind === "replace") return target.put(laidOut(change.item)).where(unchanged).commit();
  if (change.kind === "delete") {
    return target.delete({ workspaceId, postId, targetId }).where(unchanged).commit();
  }
  const dueAt = change.dueAt ?? change.before.dueAt;
  return target
    .patch({ workspaceId, postId, targetId })
    .set({
      state: change.to,
      leaseUntil: "",
      ...checkFields(targetId, change.to, { dueAt }),
      ...(change.dueAt ? dueFields(change.dueAt, change.before.accountId) : {}),
    })
    .add({ version: 1 })
    .where(unchanged)
    .commit();
}
