import type { Actor } from "@cadence/core/actor";

/** Per-request values the middleware sets for routes. */
export interface ApiEnv {
  Variables: { requestId: string; actor: Actor; sourceAddress?: string };
}
