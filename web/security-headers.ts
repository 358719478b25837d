/**
 * The site's security headers, in one place: the local servers (astro dev and preview, through
 * astro.config.mjs) and CloudFront (infra/web.ts, a response headers policy) send the same ones.
 * Scripts come only from the site itself: the build keeps every script an external file (see
 * astro.config.mjs), so no 'unsafe-inline' is needed for scripts.
 */
export interface SiteOrigins {
  /** The API the pages call. */
  api: string;
  /** Where media uploads go and thumbnails come from (the S3 endpoint). */
  media: string[];
}

export function contentSecurityPolicy(origins: SiteOrigins): string {
  const connect = ["'self'", origins.api, ...origins.media].join(" ");
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Astro puts small component styles inline; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    // Avatars and post pictures come from the networks and from the media bucket.
    `img-src 'self' data: blob: https: ${origins.media.join(" ")}`,
    `media-src 'self' blob: https: ${origins.media.join(" ")}`,
    `connect-src ${connect}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const permissionsPolicy =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

export const hstsMaxAgeSeconds = 63_072_000;

export function siteHeaders(origins: SiteOrigins): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(origins),
    "Strict-Transport-Security": `max-age=${hstsMaxAgeSeconds}; includeSubDomains`,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": permissionsPolicy,
  };
}
