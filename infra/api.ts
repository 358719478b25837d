import { logRetention, plan } from "./stage";

// The public HTTP API: one Hono app behind $default (infra/api-route.ts), so routing lives in
// code. The route is declared after the site, whose origin it needs.
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
  transform: {
    stage: {
      // Per stage (stage-plan.ts): a runaway client or a load test on a preview stage meets
      // 429s before it meets the account's Lambda concurrency, which production shares.
      defaultRouteSettings: {
        throttlingRateLimit: plan.apiThrottle.rateLimit,
        throttlingBurstLimit: plan.apiThrottle.burstLimit,
      },
    },
  },
});
