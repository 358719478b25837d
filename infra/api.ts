import core from "../packages/core/package.json" with { type: "json" };
import { authSecret } from "./auth";
import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishDlq, publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { logRetention } from "./stage";
import { media, table, tokenKey } from "./storage";

// The public HTTP API: one Hono app behind $default, so routing lives in code.
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    // The site's URL is only known after the site is built with this API's URL in it,
    // so naming it here would be a cycle. Auth is a bearer token, never a cookie, so
    // any origin may call without credentials.
    allowOrigins: ["*"],
    allowCredentials: false,
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type", "if-match", "idempotency-key", "x-request-id"],
    exposeHeaders: ["etag", "idempotent-replayed", "location", "retry-after", "x-request-id"],
    maxAge: "1 day",
  },
  accessLog: { retention: logRetention },
});

api.route("$default", {
  handler: "functions/src/api/lambda.handler",
  environment: {
    // The networks send people back to <api>/connect/<network>/callback. The route's function
    // is a separate resource from the API, so naming the API's URL here makes no cycle.
    CADENCE_API_URL: api.url,
    // Where `returnTo` may point after connecting (the site; set WEB_ORIGIN for a custom domain).
    ...(process.env.WEB_ORIGIN ? { CADENCE_WEB_ORIGINS: process.env.WEB_ORIGIN } : {}),
  },
  link: [
    table,
    media,
    tokenKey,
    publishQueue,
    publishDlq,
    publishSchedules,
    authSecret,
    mail,
    networkApps,
  ],
  nodejs: {
    // Native code and shipped binaries cannot be bundled: SST installs these packages into the
    // function for its architecture (linux-arm64). sharp probes and thumbnails images; ffprobe
    // and ffmpeg probe videos and take their thumbnail frame (media/complete).
    // Pinned to the versions core is developed and tested with (SST would otherwise take "*").
    install: {
      sharp: core.dependencies.sharp,
      "@ffprobe-installer/ffprobe": core.dependencies["@ffprobe-installer/ffprobe"],
      "@ffmpeg-installer/ffmpeg": core.dependencies["@ffmpeg-installer/ffmpeg"],
    },
  },
  // Completing a video upload probes it, grabs a frame and copies it inside S3; API Gateway
  // gives up at 30 seconds, so the function may use nearly all of that.
  timeout: "29 seconds",
});
