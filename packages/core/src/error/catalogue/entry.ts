/**
 * One error code as people meet it: the HTTP status it answers with, a short title, and the
 * sentence that says how to fix it (used when the thrower has nothing more specific to say,
 * and printed in docs/errors.md).
 */
export interface ErrorEntry {
  status: 400 | 401 | 402 | 403 | 404 | 409 | 412 | 413 | 415 | 428 | 429 | 500 | 503;
  title: string;
  fix: string;
}

export type Catalogue = Record<string, ErrorEntry>;
