import { hasRole, type Role } from "../actor/index.ts";
import type { State } from "../target/fields.ts";

/** Who approves and rejects: owners and admins (and Cadence's own jobs). */
export const deciderRole: Role = "admin";

/** Whether the actor may approve or reject a post waiting for approval. */
export function mayDecide(role: Role | "system"): boolean {
  return hasRole(role, deciderRole);
}

/**
 * Whether a post scheduled by this role waits for approval: in a workspace that asks for it,
 * editors' posts do; those of approvers (and of Cadence's own jobs) go straight to the schedule.
 */
export function needsApproval(approvalRequired: boolean, role: Role | "system"): boolean {
  return approvalRequired && role === "editor";
}

/** The minute of slack between a person pressing Approve and the check. */
export const approvalSlackMs = 60_000;

/**
 * The first waiting target whose time has already passed, which an approval would publish late
 * (or at once): the post must be rescheduled first.
 */
export function lateTarget<T extends { state: State; dueAt?: string | null }>(
  targets: T[],
  nowMs: number,
): T | undefined {
  return targets.find(
    (t) =>
      t.state === "pending_approval" && t.dueAt && Date.parse(t.dueAt) < nowMs - approvalSlackMs,
  );
}

/**
 * Where a decision moves the post's targets: approval schedules every waiting one, rejection
 * sends it back to draft; targets in any other state (already published, canceled) stay.
 */
export function statesAfter(states: State[], decision: "approve" | "reject"): State[] {
  const to: State = decision === "approve" ? "scheduled" : "draft";
  return states.map((state) => (state === "pending_approval" ? to : state));
}
