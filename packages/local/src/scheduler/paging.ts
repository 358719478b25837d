import { invalid } from "./errors.ts";

function maxResults(value: string | null): number {
  if (value === null) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw invalid(
      `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  }
  return n;
}

const encodeToken = (key: string) =>
  Buffer.from(JSON.stringify({ after: key })).toString("base64url");

function decodeToken(token: string | null): string | undefined {
  if (token === null) return undefined;
  try {
    const after: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8")).after;
    if (typeof after === "string") return after;
  } catch {
    // Fall through to the ValidationException below.
  }
  throw invalid("Invalid NextToken.");
}

/** One page of a sorted listing; NextToken names the last key returned. */
export function page<T>(items: T[], keyOf: (item: T) => string, query: URLSearchParams) {
  const limit = maxResults(query.get("MaxResults"));
  const after = decodeToken(query.get("NextToken"));
  const sorted = items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const start = after === undefined ? 0 : sorted.findIndex((item) => keyOf(item) > after);
  const slice = start < 0 ? [] : sorted.slice(start, start + limit);
  const last = slice.at(-1);
  const more = start >= 0 && start + limit < sorted.length;
  return { slice, nextToken: more && last ? encodeToken(keyOf(last)) : undefined };
}
