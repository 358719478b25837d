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
