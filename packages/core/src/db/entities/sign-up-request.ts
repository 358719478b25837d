import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * A sign-up waiting for its email to be confirmed. Sign-up answers the same whether or not the
 * email has an account, so the account is only created when the link in the mail is used; the
 * item is keyed by the hash of that link's token and removed by TTL after a day.
 */
export const SignUpRequestEntity = new Entity({
  model: { entity: "signUpRequest", version: "1", service },
  attributes: {
    tokenHash: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true, readOnly: true },
    passwordHash: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
    /** The browser's zone at sign-up: the new workspace's and the person's own zone. */
    timeZone: { type: "string", readOnly: true },
  },
  indexes: {
    byToken: {
      pk: { field: "pk", composite: ["tokenHash"], template: "signup#${tokenHash}" },
      sk: { field: "sk", composite: [], template: "request" },
    },
  },
});
export type SignUpRequestItem = EntityItem<typeof SignUpRequestEntity>;
