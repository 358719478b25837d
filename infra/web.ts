import { api } from "./api";
import { allowMediaUploadsFrom } from "./storage";

// The Astro site. Every screen calls the public API; PUBLIC_API_URL is baked into the
// client bundle at build time.
export const web = new sst.aws.Astro("Web", {
  path: "web",
  environment: {
    PUBLIC_API_URL: api.url,
  },
  link: [api],
});

// Browsers on the site upload media straight to S3 with presigned URLs. Under `sst dev`
// the site is Astro's local dev server (web/astro.config.mjs binds 127.0.0.1:4321).
const siteOrigin = web.url.apply((url) => new URL(url).origin);
const devOrigins = ["http://127.0.0.1:4321", "http://localhost:4321"];
allowMediaUploadsFrom($dev ? [siteOrigin, ...devOrigins] : [siteOrigin]);
