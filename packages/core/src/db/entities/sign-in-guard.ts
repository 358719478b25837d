import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/** Failed sign-ins per email in the current window; removed by TTL when the window ends. */
export const SignInGuardEntity = new Entity({
  model: { entity: "signInGuard", version: "1", service },
  attributes: {
    email: { type: "string", required: true, readOnly: true },
    failures: { type: "number", required: true, default: 0 },
    windowStartedAt: { type: "string", required: true },
    lockedUntil: { type: "string" },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byEmail: {
      pk: { field: "pk", composite: ["email"], template: "signin#${email}" },
      sk: { field: "sk", composite: [], template: "guard" },
    },
  },
});
export type SignInGuardItem = EntityItem<typeof SignInGuardEntity>;

/** A password reset code (hashed), with the attempts left; one per user at a time. */
export const ResetCodeEntity = new Entity({
  model: { entity: "resetCode", version: "1", service },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    codeHash: { type: "string", required: true },
    attemptsLeft: { type: "number", required: true, default: 5 },
    validUntil: { type: "string", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byUser: {
      pk: { field: "pk", composite: ["userId"], template: "user#${userId}" },
      sk: { field: "sk", composite: [], template: "reset" },
    },
  },
});
export type ResetCodeItem = EntityItem<typeof ResetCodeEntity>;
