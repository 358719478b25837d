import {
  contentSecurityPolicy,
  hstsMaxAgeSeconds,
  permissionsPolicy,
} from "../web/security-headers";
import { api } from "./api";
import { allowMediaUploadsFrom } from "./storage";

// The Astro site. Every screen calls the public API; PUBLIC_API_URL is baked into the
// client bundle at build time.
// The security headers of web/security-headers.ts, sent by CloudFront with every page.
const siteHeaders = new aws.cloudfront.ResponseHeadersPolicy("WebHeaders", {
  comment: "Cadence site security headers",
  securityHeadersConfig: {
    contentSecurityPolicy: {
      override: true,
      contentSecurityPolicy: api.url.apply((url) =>
        contentSecurityPolicy({
          api: new URL(url).origin,
          media: ["https://*.s3.amazonaws.com", "https://*.s3.*.amazonaws.com"],
        }),
      ),
    },
    contentTypeOptions: { override: true },
    frameOptions: { override: true, frameOption: "DENY" },
    referrerPolicy: { override: true, referrerPolicy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: {
      override: true,
      accessControlMaxAgeSec: hstsMaxAgeSeconds,
      includeSubdomains: true,
    },
  },
  customHeadersConfig: {
    items: [{ header: "Permissions-Policy", value: permissionsPolicy, override: true }],
  },
});

export const web = new sst.aws.Astro("Web", {
  path: "web",
  environment: {
    PUBLIC_API_URL: api.url,
  },
  link: [api],
  transform: {
    cdn: (args) => {
      // The site's default behavior is SST's; only the headers policy is added to it.
      const behavior = $output(args.defaultCacheBehavior);
      args.defaultCacheBehavior = $resolve([behavior, siteHeaders.id]).apply(
        ([resolved, responseHeadersPolicyId]) =>
          ({
            ...(resolved as object),
            responseHeadersPolicyId,
          }) as aws.types.input.cloudfront.DistributionDefaultCacheBehavior,
      );
    },
  },
});

// Browsers on the site upload media straight to S3 with presigned URLs. Under `sst dev`
// the site is Astro's local dev server (web/astro.config.mjs binds 127.0.0.1:4321).
const siteOrigin = web.url.apply((url) => new URL(url).origin);
const devOrigins = ["http://127.0.0.1:4321", "http://localhost:4321"];
allowMediaUploadsFrom($dev ? [siteOrigin, ...devOrigins] : [siteOrigin]);
