import { authSecret } from "./auth";
import { mail } from "./mail";
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
  link: [table, media, tokenKey, publishQueue, publishDlq, publishSchedules, authSecret, mail],
});
