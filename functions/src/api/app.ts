import { VisibleError } from "@cadence/core/error";
import { logError, logInfo } from "@cadence/core/log";
import { Site } from "@cadence/core/site";
import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { wire } from "../wire.ts";
import type { ApiEnv } from "./env.ts";
import { authenticated } from "./middleware/auth.ts";
import { bodyLimits } from "./middleware/body-limits.ts";
import { idempotent } from "./middleware/idempotency.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { sourceAddress } from "./middleware/source-address.ts";
import { apiInfo, apiServers } from "./openapi/info.ts";
import { problem, problemFromVisible } from "./problem.ts";
import { activityRoutes } from "./routes/activity.ts";
import { analyticsRoutes } from "./routes/analytics.ts";
import { apiKeyRoutes } from "./routes/api-keys.ts";
import { authRoutes } from "./routes/auth.ts";
import { autorepostRoutes } from "./routes/autorepost.ts";
import { billingRoutes } from "./routes/billing.ts";
import { calendarRoutes } from "./routes/calendar.ts";
import { connectRoutes } from "./routes/connect.ts";
import { deadLetterRoutes } from "./routes/dead-letters.ts";
import { feedRoutes } from "./routes/feeds.ts";
import { healthRoutes } from "./routes/health.ts";
import { hookRoutes } from "./routes/hooks.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { mediaRoutes } from "./routes/media.ts";
import { memberRoutes } from "./routes/members.ts";
import { networkRoutes } from "./routes/networks.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { outboxRoutes } from "./routes/outbox.ts";
import { postFileRoutes } from "./routes/post-files.ts";
import { postRoutes } from "./routes/posts.ts";
import { presetRoutes } from "./routes/presets.ts";
import { profileRoutes } from "./routes/profile.ts";
import { signatureRoutes } from "./routes/signatures.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { workspaceRoutes } from "./routes/workspaces.ts";

/**
 * The public HTTP API. The same app runs in Lambda (lambda.ts) and on @hono/node-server locally.
 * Input is validated by the routes' zod schemas; every failure leaves as problem+json.
 */
export function createApp(): OpenAPIHono<ApiEnv> {
  wire();
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue?.path.join(".") || undefined;
      const detail = issue
        ? `${field ? `${field}: ` : ""}${issue.message}.`
        : "The request is not valid.";
      return problem(c, "invalid_input", detail, field ? { field } : {});
    },
  });

  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    c.header("x-request-id", requestId);
    const started = performance.now();
    await next();
    logInfo("request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });

  app.use("*", securityHeaders());
  // The one CORS policy of the API, in AWS as locally (API Gateway's own CORS is off, see
  // infra/api.ts): the site's origins only, with credentials, because the refresh token is a
  // cookie. Any other origin gets no CORS headers, so a browser will not let it read answers.
  app.use(
    "*",
    cors({
      origin: (origin) => (Site.origins().includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: [
        "authorization",
        "content-type",
        "if-match",
        "idempotency-key",
        "x-request-id",
      ],
      exposeHeaders: ["etag", "idempotent-replayed", "x-request-id", "location", "retry-after"],
      credentials: true,
      maxAge: 600,
    }),
  );
  app.use("*", sourceAddress(), bodyLimits());

  // Every route below these paths needs a caller; the rest (health, docs, sign-in) does not.
  // ("/workspaces/*" also matches "/workspaces" itself.)
  for (const path of [
    "/me",
    "/me/*",
    "/networks",
    "/auth/sign-out",
    "/auth/sign-out-everywhere",
    "/auth/sign-out-others",
    "/workspaces/*",
    "/invitations/*",
  ]) {
    app.use(path, authenticated(), idempotent());
  }
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A session access token, or a workspace API key (cad_…)",
  });

  app.route("/", healthRoutes());
  app.route("/", outboxRoutes());
  app.route("/", authRoutes());
  app.route("/", profileRoutes());
  app.route("/", networkRoutes());
  app.route("/", workspaceRoutes());
  app.route("/", memberRoutes());
  app.route("/", apiKeyRoutes());
  app.route("/", activityRoutes());
  app.route("/", mediaRoutes());
  // Before the post routes: `/posts/export` would otherwise be read as a post id.
  app.route("/", postFileRoutes());
  app.route("/", jobRoutes());
  app.route("/", postRoutes());
  app.route("/", signatureRoutes());
  app.route("/", presetRoutes());
  app.route("/", autorepostRoutes());
  app.route("/", feedRoutes());
  app.route("/", calendarRoutes());
  app.route("/", deadLetterRoutes());
  app.route("/", connectRoutes());
  app.route("/", analyticsRoutes());
  app.route("/", webhookRoutes());
  app.route("/", notificationRoutes());
  app.route("/", hookRoutes());
  app.route("/", billingRoutes());

  app.doc31("/openapi.json", { openapi: "3.1.0", info: apiInfo, servers: apiServers });
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "Cadence API reference" }));

  app.notFound((c) =>
    problem(c, "route_not_found", `There is no ${c.req.method} ${c.req.path} in this API.`),
  );

  app.onError((error, c) => {
    if (error instanceof VisibleError) return problemFromVisible(c, error);
    // Hono's own refusals (a body that is not JSON) are the request's fault, like any bad input.
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, "invalid_input", error.message || undefined);
    }
    logError("unhandled error", {
      requestId: c.get("requestId"),
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    return problem(c, "internal_error");
  });

  return app;
}
