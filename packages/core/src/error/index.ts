import { catalogue, type ErrorCode } from "./catalogue/index.ts";

export {
  catalogue,
  domains,
  type ErrorCode,
  type ErrorEntry,
  isErrorCode,
} from "./catalogue/index.ts";
export { userCodeOf } from "./network.ts";

/**
 * Errors a person can act on. Every error the API shows is a VisibleError: its `code` comes from
 * the catalogue (error/catalogue/, one file per domain), which gives its status and title; its
 * message is a sentence that says what to do, the catalogue's own when the thrower has nothing
 * more precise. Anything else is a bug and answers 500 with only a request id.
 */
export class VisibleError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly field?: string,
    /** Extra members for the problem document (never secrets). */
    readonly details?: Record<string, unknown>,
  ) {
    const entry = catalogue[code];
    super(message ?? entry.fix);
    this.name = "VisibleError";
    this.title = entry.title;
    this.status = statusFor(code, field);
  }
}

/**
 * A code's status. Something missing that the request named in a body field (an account in a
 * post's targets) is a fault of the request, 400, not of its address.
 */
export function statusFor(code: ErrorCode, field?: string): number {
  const { status } = catalogue[code];
  return status === 404 && field !== undefined ? 400 : status;
}
