import { defineConfig } from "astro/config";
import aws from "astro-sst";

// Server-rendered on Lambda behind CloudFront in a stage (sst.aws.Astro), `astro dev` locally.
export default defineConfig({
  output: "server",
  adapter: aws(),
  server: { host: "127.0.0.1" },
});
