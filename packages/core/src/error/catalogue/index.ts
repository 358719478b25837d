import { accountErrors } from "./account.ts";
import { analyticsErrors } from "./analytics.ts";
import { approvalErrors } from "./approval.ts";
import { authErrors } from "./auth.ts";
import { autorepostErrors } from "./autorepost.ts";
import { billingErrors } from "./billing.ts";
import type { ErrorEntry } from "./entry.ts";
import { fileErrors } from "./files.ts";
import { mediaErrors } from "./media.ts";
import { notificationErrors } from "./notifications.ts";
import { postErrors } from "./post.ts";
import { publishErrors } from "./publish.ts";
import { requestErrors } from "./request.ts";
import { scheduleErrors } from "./schedule.ts";
import { workspaceErrors } from "./workspace.ts";

export type { ErrorEntry } from "./entry.ts";

/** Each domain's codes, in the order docs/errors.md lists them. */
export const domains = [
  { name: "Requests", codes: requestErrors },
  { name: "Sign-in and roles", codes: authErrors },
  { name: "Workspaces and members", codes: workspaceErrors },
  { name: "Social accounts and networks", codes: accountErrors },
  { name: "Posts", codes: postErrors },
  { name: "Scheduling and queues", codes: scheduleErrors },
  { name: "Approval", codes: approvalErrors },
  { name: "Publishing", codes: publishErrors },
  { name: "Media", codes: mediaErrors },
  { name: "Analytics", codes: analyticsErrors },
  { name: "Import and export", codes: fileErrors },
  { name: "Autorepost", codes: autorepostErrors },
  { name: "Notifications and webhooks", codes: notificationErrors },
  { name: "Plans and billing", codes: billingErrors },
] as const;

type Domain = (typeof domains)[number]["codes"];
/** Every code a person can meet; a code not in the catalogue does not compile. */
export type ErrorCode = Domain extends infer D ? (D extends Domain ? keyof D : never) : never;

/** All codes in one table; catalogue.test.ts proves no domain reuses another's code. */
export const catalogue: Readonly<Record<ErrorCode, ErrorEntry>> = Object.assign(
  {},
  ...domains.map((domain) => domain.codes),
);

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(catalogue, code);
}
