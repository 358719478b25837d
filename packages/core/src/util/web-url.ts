/**
 * A URL a network handed back (a profile, an avatar, a published post) as Cadence stores it:
 * only absolute http(s) URLs are kept, so a `javascript:` or `data:` URL from a hostile server
 * never reaches a link or an image on the site. Anything else is dropped (undefined).
 */
export function webUrl(value: string | null | undefined): string | undefined {
  if (!value || value.length > 2048 || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
}
