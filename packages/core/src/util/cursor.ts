import { createHmac, timingSafeEqual } from "node:crypto";
import { Resource } from "sst";
import { VisibleError } from "../error/index.ts";

/**
 * Cursors are opaque to clients: the store's own cursor, bound to the list it came from (the
 * scope, e.g. a workspace's members) and signed, so a cursor cannot be forged or replayed
 * against another workspace's list. A cursor that does not verify is a 400, never a 500.
 */
function sign(payload: string): string {
  return createHmac("sha256", Resource.AuthSecret.value).update(payload).digest("base64url");
}

export function encodeCursor(cursor: string | null | undefined, scope: string): string | null {
  if (!cursor) return null;
  const payload = Buffer.from(JSON.stringify({ c: cursor, s: scope }), "utf8").toString(
    "base64url",
  );
  return `${payload}.${sign(payload)}`;
}

export function decodeCursor(cursor: string | undefined, scope: string): string | undefined {
  if (!cursor) return undefined;
  const invalid = new VisibleError(
    "invalid_cursor",
    "The cursor is not valid for this list; start again without it.",
    "cursor",
  );
  const [payload, signature] = cursor.split(".");
  if (!payload || !signature) throw invalid;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
  try {
    const parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      c?: unknown;
      s?: unknown;
    };
    if (typeof parsed.c !== "string" || parsed.s !== scope) throw invalid;
    return parsed.c;
  } catch {
    throw invalid;
  }
}
