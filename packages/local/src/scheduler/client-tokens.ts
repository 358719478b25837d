import { checkClientToken } from "./definition.ts";
import { SchedulerError } from "./errors.ts";

type Json = Record<string, unknown>;

interface RememberedToken {
  fingerprint: string;
  response: Json;
  expiresAt: number;
}

/** How long AWS-style idempotency tokens are remembered. */
const TOKEN_TTL_MS = 8 * 3_600_000;
/** Tokens past their lifetime are swept once this many are held. */
const SWEEP_AT = 10_000;

/** Key order must not matter when comparing a retried request with the first one. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * ClientToken semantics: the same token with the same request answers the first response
 * again without acting twice; the same token with a different request is a conflict.
 */
export class ClientTokens {
  private readonly remembered = new Map<string, RememberedToken>();

  run(operation: string, body: Json, identity: Json, perform: () => Json): Json {
    const token = checkClientToken(body.ClientToken);
    if (!token) return perform();
    const now = Date.now();
    const key = `${operation}:${token}`;
    const { ClientToken: _token, ...request } = body;
    const fingerprint = stableStringify({ identity, request });
    const earlier = this.remembered.get(key);
    if (earlier && earlier.expiresAt > now) {
      if (earlier.fingerprint !== fingerprint) {
        throw new SchedulerError(
          "ConflictException",
          `ClientToken ${token} was already used with a different request.`,
        );
      }
      return earlier.response;
    }
    const response = perform();
    if (this.remembered.size >= SWEEP_AT) {
      for (const [k, v] of this.remembered) if (v.expiresAt <= now) this.remembered.delete(k);
    }
    this.remembered.set(key, { fingerprint, response, expiresAt: now + TOKEN_TTL_MS });
    return response;
  }
}
