import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const UserEntity = new Entity({
  model: { entity: "user", version: "1", service },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    name: { type: "string", required: true },
    passwordHash: { type: "string", required: true },
    /** The person's own IANA zone (from the browser at sign-up); times are labelled against it. */
    timeZone: { type: "string" },
    /** Bumped by "sign out everywhere": access tokens carrying an older value stop working. */
    tokenVersion: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["userId"], template: "user#${userId}" },
      sk: { field: "sk", composite: [], template: "user" },
    },
  },
});
export type UserItem = EntityItem<typeof UserEntity>;

/** Makes an email unique: created in the same transaction as the user. */
export const UserEmailEntity = new Entity({
  model: { entity: "userEmail", version: "1", service },
  attributes: {
    email: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
  },
  indexes: {
    byEmail: {
      pk: { field: "pk", composite: ["email"], template: "email#${email}" },
      sk: { field: "sk", composite: [], template: "email" },
    },
  },
});
