/**
 * Text as networks hand it back, for finding a post Cadence may have made: networks rewrite
 * links (X's t.co) and whitespace, so both are normalised before comparing.
 */
export function comparableText(text: string): string {
  return text
    .replace(/https?:\/\/\S+/g, "<link>")
    .replace(/\s+/g, " ")
    .trim();
}

/** True when `at` (ISO 8601) is at or after `since` (ISO 8601). */
export function isSince(at: string, since: string): boolean {
  return Date.parse(at) >= Date.parse(since);
}

/** Posts listed for autoreposting, in the order the rule reposts them: oldest first. */
export function oldestFirst<T extends { createdAt: string }>(posts: T[]): T[] {
  return [...posts].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}
