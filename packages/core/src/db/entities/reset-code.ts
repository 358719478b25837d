import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * A password reset code (hashed), with the attempts left; one per user at a time. Each guess
 * spends an attempt with a conditional write before the code is compared.
 */
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
