import { unlessConditionFails } from "../db/condition.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import type { ErrorCode } from "../error/index.ts";
import { applyEffects } from "./effects.ts";
import { checkFields, dueFields, graceMs, leaseMs, type State } from "./fields.ts";

/** What a failed, missed or held target says: a stable code and what to do next. */
export interface Reason {
  code: ErrorCode;
  message: string;
}

interface Move {
  from: State[];
  to: State;
  /** A new version: every schedule or message made for the old one becomes stale. */
  bump: boolean;
  dueAt?: string;
  leaseUntil?: string;
  /** Overrides the check time the new state implies (a re-armed target waits a grace again). */
  checkAt?: string;
  /**
   * Leaves the check-index entry where it is: the claim does, so it writes the item alone (the
   * sweep that finds a live claim at due plus grace moves it to the lease's end, `watchLease`).
   */
  keepCheck?: boolean;
  attempt?: "add" | "reset";
  reason?: Reason | "clear";
  /** The schedule that brought the message has already fired: nothing to cancel. */
  fired?: boolean;
  extra?: {
    externalId?: string;
    url?: string;
    publishedAt?: string;
    occurrence?: number;
    heldFrom?: "scheduled" | "pending_approval";
  };
}

/**
 * One transition: a single conditional write on the state the caller read and its version.
 * Answers the target as written, or undefined when someone else moved it first; every other
 * error propagates. Effects on schedules follow the write.
 */
async function move(target: TargetItem, m: Move): Promise<TargetItem | undefined> {
  const { workspaceId, postId, targetId } = target;
  const dueAt = m.dueAt ?? target.dueAt;
  const leaseUntil = m.to === "publishing" ? (m.leaseUntil ?? "") : "";
  const check = checkFields(targetId, m.to, { dueAt, leaseUntil });
  const reason =
    m.reason === "clear"
      ? { errorCode: "", errorMessage: "" }
      : m.reason
        ? { errorCode: m.reason.code, errorMessage: m.reason.message }
        : {};
  const written = await unlessConditionFails(
    db()
      .entities.target.patch({ workspaceId, postId, targetId })
      .set({
        state: m.to,
        leaseUntil,
        ...(m.keepCheck ? {} : check),
        ...(m.checkAt ? { checkAt: m.checkAt } : {}),
        ...(m.dueAt ? dueFields(m.dueAt, target.accountId) : {}),
        ...(m.attempt === "reset" ? { attempt: 0 } : {}),
        ...reason,
        ...m.extra,
      })
      .add({ version: m.bump ? 1 : 0, ...(m.attempt === "add" ? { attempt: 1 } : {}) })
      .where((attr, op) => {
        const states = m.from.map((s) => op.eq(attr.state, s)).join(" OR ");
        const same = `(${states}) AND ${op.eq(attr.version, target.version)}`;
        // A re-arm keeps the version: its check time read is what makes a second sweep's stale
        // copy of the same re-arm fail.
        return m.checkAt ? `${same} AND ${op.eq(attr.checkAt, target.checkAt)}` : same;
      })
      .go({ response: "all_new" }),
  );
  if (!written) return undefined;
  const after = written.data as TargetItem;
  if (!m.fired) await applyEffects([{ before: target, after }]);
  return after;
}

/** Every transition of one target that is not part of a change to its whole post. */
export const transitions = {
  /**
   * scheduled → publishing, with a lease; a duplicate or stale message finds it taken. The
   * target stays in the check index at its due time plus grace (one write, on the item only);
   * one that was not in it (filed before the index existed) enters it at the lease's end.
   */
  claim: (target: TargetItem, now: number) =>
    move(target, {
      from: ["scheduled"],
      to: "publishing",
      bump: false,
      leaseUntil: new Date(now + leaseMs).toISOString(),
      attempt: "add",
      fired: true,
      keepCheck: Boolean(target.checkAt),
    }),

  /**
   * A claim the sweep found at due plus grace while its lease still runs (a slow upload, a
   * backlog): looked at again when the lease ends. Conditional on the check time read, so a
   * second sweep's stale copy does nothing.
   */
  watchLease: (target: TargetItem) =>
    move(target, {
      from: ["publishing"],
      to: "publishing",
      bump: false,
      leaseUntil: target.leaseUntil,
      checkAt: target.leaseUntil,
      fired: true,
    }),

  /**
   * publishing → published; or → scheduled for the next run of a recurring or evergreen post.
   * Also from needs_review: the outcome the sweep could not see became known.
   */
  succeed: (
    target: TargetItem,
    result: { externalId: string; url?: string; publishedAt: string },
    next?: { dueAt: string; occurrence: number },
  ) =>
    move(target, {
      from: ["publishing", "needs_review"],
      to: next ? "scheduled" : "published",
      bump: Boolean(next),
      dueAt: next?.dueAt,
      attempt: "reset",
      reason: "clear",
      extra: { ...result, ...(next ? { occurrence: next.occurrence } : {}) },
    }),

  /** publishing → scheduled at `retryAt` under a new version, saying what went wrong. */
  retry: (target: TargetItem, reason: Reason, retryAt: string) =>
    move(target, { from: ["publishing"], to: "scheduled", bump: true, dueAt: retryAt, reason }),

  /** → failed, with the reason; from a claim, or from waiting (missed its time, account gone). */
  fail: (
    target: TargetItem,
    reason: Reason,
    from: State[] = ["publishing", "scheduled", "pending_approval"],
  ) => move(target, { from, to: "failed", bump: true, reason }),

  /** publishing → needs_review: the outcome is unknown and must not be guessed. */
  hold: (target: TargetItem, reason: Reason) =>
    move(target, { from: ["publishing"], to: "needs_review", bump: false, reason }),

  /** scheduled → scheduled at a later time (over a posting budget), under a new version. */
  postpone: (target: TargetItem, dueAt: string) =>
    move(target, { from: ["scheduled"], to: "scheduled", bump: true, dueAt }),

  /**
   * Still waiting past due plus grace (its message was lost, or a crash came between a write and
   * its schedule): the sweep looks again after another grace. The caller sends the message.
   */
  rearm: (target: TargetItem, now: number) =>
    move(target, {
      from: [target.state === "pending_approval" ? "pending_approval" : "scheduled"],
      to: target.state,
      bump: false,
      checkAt: new Date(now + graceMs).toISOString(),
    }),

  /** failed or needs_review → scheduled now, under a new version, errors cleared. */
  schedule: (target: TargetItem, dueAt: string) =>
    move(target, {
      from: ["failed", "needs_review"],
      to: "scheduled",
      bump: true,
      dueAt,
      attempt: "reset",
      reason: "clear",
    }),

  /**
   * Waiting → held while its account is disconnected, under a new version (its schedule is
   * removed), remembering which waiting state it left.
   */
  holdForAccount: (target: TargetItem, reason: Reason) =>
    move(target, {
      from: ["scheduled", "pending_approval"],
      to: "held",
      bump: true,
      reason,
      extra: { heldFrom: target.state === "pending_approval" ? "pending_approval" : "scheduled" },
    }),

  /**
   * held → the waiting state it left, its account reconnected: at its own time, or at `notBefore`
   * when that passed meanwhile (the late-publish rule then decides, as for any late target).
   */
  release: (target: TargetItem, notBefore: string) =>
    move(target, {
      from: ["held"],
      to: target.heldFrom ?? "scheduled",
      bump: true,
      dueAt:
        target.dueAt && Date.parse(target.dueAt) > Date.parse(notBefore) ? target.dueAt : notBefore,
      reason: "clear",
    }),

  /** Waiting → canceled with the reason (its account was disconnected). */
  cancel: (target: TargetItem, reason: Reason) =>
    move(target, { from: ["scheduled", "pending_approval"], to: "canceled", bump: true, reason }),
};
