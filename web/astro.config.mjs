import { defineConfig } from "astro/config";
import aws from "astro-sst";

// Every page is rendered to HTML at build time and served from S3 behind CloudFront
// (sst.aws.Astro reads the adapter's build meta); `astro dev` locally. Pages hold no
// per-person data: the session lives in the browser, so each page's island fetches what it
// shows from the public API (PUBLIC_API_URL, baked in at build time).
export default defineConfig({
  output: "static",
  adapter: aws(),
  server: { host: "127.0.0.1" },
  devToolbar: { enabled: false },
});
