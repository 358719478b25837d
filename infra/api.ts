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
  // CORS has one owner, the API's own Hono middleware (functions/src/api/app.ts): it allows the
  // site's origins with credentials (the refresh cookie), which API Gateway could only do by
  // naming the site here, and the site is built after the API. OPTIONS goes to the function.
  cors: false,
  accessLog: { retention: logRetention },
});

/**
 * The API's one route, made once the site exists (infra/web.ts calls this): the function needs
 * the site's origin for CORS and mailed links, and the site is built with the API's URL, so the
 * route (a separate resource from the API) is where the two meet without a cycle.
 */
export function routeApi(siteUrl: $util.Input<string>) {
  api.route("$default", {
    handler: "functions/src/api/lambda.handler",
    environment: {
      // The networks send people back to <api>/connect/<network>/callback. The route's function
      // is a separate resource from the API, so naming the API's URL here makes no cycle.
      CADENCE_API_URL: api.url,
      // The site's origins: CORS with credentials, `returnTo` after connecting, links in mail.
      // WEB_ORIGIN adds a custom domain to the site's own URL.
      CADENCE_WEB_ORIGINS: $resolve([siteUrl]).apply(([url]) =>
        [new URL(url).origin, ...(process.env.WEB_ORIGIN ? [process.env.WEB_ORIGIN] : [])].join(
          ",",
        ),
      ),
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
}
