import { logRetention, plan } from "./stage";

// The public HTTP API: one Hono app behind $default (infra/api-route.ts), so routing lives in
// code. The route is declared after the site, whose origin it needs.
export const api = new sst.aws.ApiGatewayV2("Api", {
  // CORS has one owner, the API's own Hono middleware (functions/src/api/app.ts): it allows the
  // site's origins with credentials (the refresh cookie), which API Gateway could only do by
  // naming the site here, and the site is built after the API. OPTIONS goes to the function.
  cors: false,
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
