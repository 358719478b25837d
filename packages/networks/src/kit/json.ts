import type { z } from "zod";
import { NetworkError, type NetworkName } from "./error.ts";

/** Reading loosely-shaped error bodies: an object or nothing. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Validates a successful response against the shape Cadence relies on. A network that changes
 * its answer fails loudly here, as a permanent error, rather than as `undefined` further on.
 */
export function parseBody<T extends z.ZodType>(
  name: NetworkName,
  operation: string,
  schema: T,
  body: unknown,
): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new NetworkError({
    network: name.network,
    kind: "permanent",
    operation,
    code: "unexpected_response",
    detail: result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
      .join("; "),
    userMessage: `${name.displayName} answered in a way Cadence did not expect. Cadence's team has been told; try again later.`,
  });
}
