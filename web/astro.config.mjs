import { defineConfig } from "astro/config";
import aws from "astro-sst";
import { siteHeaders } from "./security-headers.ts";

// Every page is rendered to HTML at build time and served from S3 behind CloudFront
// (sst.aws.Astro reads the adapter's build meta); `astro dev` locally. Pages hold no
// per-person data: the session lives in the browser, so each page's island fetches what it
// shows from the public API (PUBLIC_API_URL, baked in at build time).
const api = process.env.PUBLIC_API_URL ?? "http://127.0.0.1:3000";
const media = process.env.AWS_ENDPOINT_URL_S3
  ? [new URL(process.env.AWS_ENDPOINT_URL_S3).origin]
  : [];

export default defineConfig({
  output: "static",
  adapter: aws(),
  // The same security headers as CloudFront sends (infra/web.ts), from astro dev and preview.
  server: { host: "127.0.0.1", headers: siteHeaders({ api: new URL(api).origin, media }) },
  devToolbar: { enabled: false },
  vite: {
    // Never inline a script into the page: the Content-Security-Policy allows only the site's
    // own script files, no 'unsafe-inline'.
    build: { assetsInlineLimit: 0 },
  },
});
