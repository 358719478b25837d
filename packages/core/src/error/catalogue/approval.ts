import type { Catalogue } from "./entry.ts";

/** Asking for and giving approval. */
export const approvalErrors = {
  not_awaiting_approval: {
    status: 409,
    title: "Not waiting for approval",
    fix: "Reload the post: it was approved, rejected or changed already.",
  },
  due_time_passed: {
    status: 409,
    title: "Its time passed while it waited",
    fix: "Reschedule the post, then approve it.",
  },
  approval_missed: {
    status: 409,
    title: "Not approved in time",
    fix: "Reschedule it and ask an approver to approve it before its time.",
  },
} as const satisfies Catalogue;
