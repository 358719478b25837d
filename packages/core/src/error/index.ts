/**
 * Errors a person can act on. Every error the API shows is a VisibleError: its `kind` picks the
 * HTTP status, its `code` is stable for clients, and its message is a sentence that says what to
 * do. Anything else is a bug and answers 500 with only a request id.
 */
export type ErrorKind =
  | "input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition"
  | "precondition_required"
  | "too_large"
  | "rate_limited"
  | "unavailable";

export class VisibleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra members for the problem document (never secrets). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "VisibleError";
  }
}

export const statusOf: Record<ErrorKind, number> = {
  input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  precondition_required: 428,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};
