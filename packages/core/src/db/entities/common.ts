export const service = "cadence";

/** Timestamps in ISO-8601 UTC, set by the entity so no caller forgets them. */
export const timestamps = {
  createdAt: {
    type: "string",
    readOnly: true,
    required: true,
    default: () => new Date().toISOString(),
  },
  updatedAt: {
    type: "string",
    required: true,
    default: () => new Date().toISOString(),
    watch: "*",
    set: () => new Date().toISOString(),
  },
} as const;
