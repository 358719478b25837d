import type { TargetItem } from "../db/entities/target.ts";
import { usePorts } from "../ports.ts";
import { recordTargetEvents } from "./events.ts";
import { armedStates } from "./fields.ts";

/** A target before and after a committed write (absent: created or deleted). */
export interface Change {
  before?: TargetItem;
  after?: TargetItem;
}

const armed = (t: TargetItem | undefined): t is TargetItem =>
  Boolean(t && armedStates.includes(t.state) && t.dueAt);

/**
 * The effects a committed write calls for, run only after it committed: schedule changes, then
 * the events it makes (post.scheduled, post.published, …; see events.ts). Schedules are named by
 * target and version (see packages/aws/src/scheduler.ts) and events by target and version too,
 * so running this twice is harmless; if the process dies before it runs, the sweep re-arms the
 * target or, for a schedule left behind, its message arrives stale and is ignored.
 */
export async function applyEffects(changes: Change[]): Promise<void> {
  await applyScheduleEffects(changes);
  await recordTargetEvents(changes);
}

async function applyScheduleEffects(changes: Change[]): Promise<void> {
  // Looked up only when there is something to do: a result that arms nothing needs no scheduler.
  const scheduler = () => usePorts().scheduler;
  await Promise.all(
    changes.flatMap(({ before, after }) => {
      const sameVersion = before && after && before.version === after.version;
      const effects: Promise<void>[] = [];
      if (armed(before) && !(sameVersion && armed(after))) {
        effects.push(
          scheduler().cancel({
            workspaceId: before.workspaceId,
            targetId: before.targetId,
            version: before.version,
          }),
        );
      }
      if (armed(after) && !(sameVersion && armed(before))) {
        effects.push(
          scheduler().schedule({
            workspaceId: after.workspaceId,
            targetId: after.targetId,
            version: after.version,
            dueAt: after.dueAt,
          }),
        );
      }
      return effects;
    }),
  );
}
