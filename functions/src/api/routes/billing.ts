import { Billing } from "@cadence/core/billing";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";

const Overview = Billing.Overview.openapi("Billing");
const Redirect = z
  .object({
    url: z.string().nullable().openapi({ description: "Where to send the person (Stripe's page)" }),
    changed: z.boolean().openapi({ description: "The subscription moved to the plan at once" }),
  })
  .openapi("BillingRedirect");

/** The plan, its use and paying for it: owners manage, every member can look. */
export function billingRoutes() {
  const app = new OpenAPIHono<ApiEnv>();
  const tags = ["Billing"];

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/billing",
      tags,
      security,
      operationId: "getBilling",
      summary: "The plan, its limits and their use, features, and accounts paused by the plan",
      request: { params: WorkspaceParams },
      responses: { 200: json(Overview, "Billing"), ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await Billing.overview(), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/billing/checkout",
      tags,
      security,
      operationId: "startCheckout",
      summary:
        "Subscribe through Stripe Checkout (answers its page), or move the subscription to another plan",
      request: {
        params: WorkspaceParams,
        ...body(Billing.CheckoutInput.openapi("CheckoutStart")),
      },
      responses: { 200: json(Redirect, "Where to go next"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await Billing.checkout(c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/billing/portal",
      tags,
      security,
      operationId: "openBillingPortal",
      summary: "A Stripe Customer Portal session: cards, invoices and cancelling",
      request: { params: WorkspaceParams, ...body(Billing.PortalInput.openapi("PortalStart")) },
      responses: {
        200: json(z.object({ url: z.string() }).openapi("PortalSession"), "The portal's page"),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await Billing.portal(c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/workspaces/{workspaceId}/billing/paused-accounts",
      tags,
      security,
      operationId: "choosePausedAccounts",
      summary: "Choose which accounts stay paused while the plan allows fewer than are connected",
      request: { params: WorkspaceParams, ...body(Billing.PauseInput.openapi("PausedAccounts")) },
      responses: { 200: json(Overview, "Billing"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await Billing.choosePausedAccounts(c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/billing/stripe/webhook",
      tags,
      // Signed by Stripe (Stripe-Signature), not authenticated with a bearer token.
      security: [],
      operationId: "receiveStripeWebhook",
      summary: "A signed Stripe event (subscriptions, checkout, invoices)",
      responses: {
        200: json(
          z
            .object({ eventId: z.string(), type: z.string(), applied: z.boolean() })
            .openapi("StripeEventReceipt"),
          "Received (a repeated event is acknowledged and not applied again)",
        ),
        ...problems(401),
      },
    }),
    async (c) =>
      // The signature covers the exact bytes: the body is read as text, never re-parsed.
      c.json(await Billing.receive(await c.req.text(), c.req.header("stripe-signature")), 200),
  );

  return app;
}
