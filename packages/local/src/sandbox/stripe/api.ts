import { type Context, Hono } from "hono";
import { type Form, listOf, parseForm, record, text } from "./form.ts";
import { now, type StripeObject, type StripeState, sandboxStripeKeys } from "./state.ts";

/** Stripe's error body: `{ error: { type, code?, message, param? } }`. */
function stripeError(
  c: Context,
  status: 400 | 401 | 404,
  message: string,
  extra: { type?: string; code?: string; param?: string } = {},
) {
  return c.json(
    { error: { type: extra.type ?? "invalid_request_error", message, ...extra } },
    status,
  );
}

async function formOf(c: Context): Promise<Form> {
  if (c.req.method === "GET" || c.req.method === "DELETE") {
    return parseForm(new URL(c.req.url).searchParams.entries());
  }
  return parseForm(new URLSearchParams(await c.req.text()).entries());
}

const list = (url: string, data: unknown[]) => ({ object: "list", data, has_more: false, url });

/**
 * The part of Stripe's REST API (/v1) Cadence calls through the official SDK: customers,
 * prices by lookup key, Checkout Sessions, Billing Portal sessions, subscriptions and webhook
 * endpoints, with Stripe's auth, Idempotency-Key replay and error shapes.
 */
export function stripeApi(state: StripeState): Hono {
  const app = new Hono();

  app.use("*", async (c, next) => {
    const key = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (key !== sandboxStripeKeys.secretKey) {
      return stripeError(c, 401, `Invalid API Key provided: ${(key ?? "").slice(0, 8)}****`);
    }
    const idempotencyKey = c.req.header("idempotency-key");
    const replay = idempotencyKey ? state.idempotent.get(idempotencyKey) : undefined;
    if (replay) {
      return c.json(replay.body as object, replay.status as 200, { "idempotent-replayed": "true" });
    }
    await next();
    if (idempotencyKey && c.req.method === "POST" && c.res.status < 500) {
      state.idempotent.set(idempotencyKey, {
        status: c.res.status,
        body: await c.res.clone().json(),
      });
    }
  });

  app.post("/customers", async (c) => {
    const form = await formOf(c);
    const id = state.id("cus");
    const customer: StripeObject = {
      id,
      object: "customer",
      name: text(form.name) ?? null,
      email: text(form.email) ?? null,
      metadata: record(form.metadata),
      created: now(),
      livemode: false,
    };
    state.customers.set(id, customer);
    return c.json(customer);
  });

  app.get("/prices", async (c) => {
    const form = await formOf(c);
    const keys = new Set(
      listOf(form.lookup_keys).filter((k): k is string => typeof k === "string"),
    );
    const prices = [...state.prices.values()].filter(
      (price) => keys.size === 0 || keys.has(String(price.lookup_key)),
    );
    return c.json(list("/v1/prices", prices));
  });

  app.post("/checkout/sessions", async (c) => {
    const form = await formOf(c);
    const customer = text(form.customer);
    if (!customer || !state.customers.has(customer)) {
      return stripeError(c, 400, `No such customer: '${customer ?? ""}'`, {
        code: "resource_missing",
        param: "customer",
      });
    }
    const lineItems = listOf(form.line_items).map((item) => ({
      price: text((item as Form).price) ?? "",
    }));
    const missing = lineItems.find((item) => !state.prices.has(item.price));
    if (missing || lineItems.length === 0) {
      return stripeError(c, 400, `No such price: '${missing?.price ?? ""}'`, {
        code: "resource_missing",
        param: "line_items[0][price]",
      });
    }
    if (text(form.mode) !== "subscription" || !text(form.success_url)) {
      return stripeError(c, 400, "This sandbox takes subscription sessions with a success_url.", {
        param: "mode",
      });
    }
    const id = state.id("cs_test");
    const subscriptionData = form.subscription_data as Form | undefined;
    const session = {
      id,
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer,
      client_reference_id: text(form.client_reference_id) ?? null,
      success_url: text(form.success_url),
      cancel_url: text(form.cancel_url) ?? null,
      subscription: null,
      subscription_data: { metadata: record(subscriptionData?.metadata) },
      metadata: record(form.metadata),
      url: `${new URL(c.req.url).origin}/stripe/checkout/${id}`,
      created: now(),
      expires_at: now() + 86_400,
      livemode: false,
      lineItems,
    };
    state.sessions.set(id, session);
    const { lineItems: _kept, subscription_data: _internal, ...visible } = session;
    return c.json(visible);
  });

  app.post("/billing_portal/sessions", async (c) => {
    const form = await formOf(c);
    const customer = text(form.customer);
    if (!customer || !state.customers.has(customer)) {
      return stripeError(c, 400, `No such customer: '${customer ?? ""}'`, {
        code: "resource_missing",
        param: "customer",
      });
    }
    const id = state.id("bps");
    const session: StripeObject = {
      id,
      object: "billing_portal.session",
      customer,
      return_url: text(form.return_url) ?? null,
      url: `${new URL(c.req.url).origin}/stripe/portal/${id}`,
      created: now(),
      livemode: false,
    };
    state.portalSessions.set(id, session);
    return c.json(session);
  });

  app.get("/subscriptions/:id", (c) => {
    const subscription = state.subscriptions.get(c.req.param("id"));
    if (!subscription) return missingSubscription(c);
    return c.json(subscription);
  });

  app.post("/subscriptions/:id", async (c) => {
    const subscription = state.subscriptions.get(c.req.param("id"));
    if (!subscription) return missingSubscription(c);
    const form = await formOf(c);
    const [first] = listOf(form.items) as Form[];
    const priceId = text(first?.price);
    if (priceId) {
      const price = state.prices.get(priceId);
      if (!price) return stripeError(c, 400, `No such price: '${priceId}'`, { param: "items" });
      const items = subscription.items as { data: StripeObject[] };
      const start = now();
      const kept = items.data[0]?.id ?? state.id("si");
      items.data = [{ ...state.item(subscription.id, price, start), id: kept }];
    }
    const cancel = text(form.cancel_at_period_end);
    if (cancel !== undefined) subscription.cancel_at_period_end = cancel === "true";
    if (form.metadata) {
      subscription.metadata = { ...(subscription.metadata as object), ...record(form.metadata) };
    }
    state.emit("customer.subscription.updated", subscription);
    return c.json(subscription);
  });

  app.delete("/subscriptions/:id", (c) => {
    const subscription = state.subscriptions.get(c.req.param("id"));
    if (!subscription) return missingSubscription(c);
    cancelNow(state, subscription);
    return c.json(subscription);
  });

  app.post("/webhook_endpoints", async (c) => {
    const form = await formOf(c);
    const url = text(form.url);
    if (!url || !URL.canParse(url)) return stripeError(c, 400, "Invalid URL", { param: "url" });
    const id = state.id("we");
    const endpoint = {
      id,
      object: "webhook_endpoint",
      url,
      enabled_events: listOf(form.enabled_events),
      status: "enabled",
      // The sandbox account signs every endpoint's events with one secret (Stripe gives each
      // endpoint its own); the local stack configures Cadence with it.
      secret: sandboxStripeKeys.webhookSecret,
      created: now(),
      livemode: false,
    };
    state.endpoints.set(id, endpoint);
    return c.json(endpoint);
  });

  app.delete("/webhook_endpoints/:id", (c) => {
    const id = c.req.param("id");
    state.endpoints.delete(id);
    return c.json({ id, object: "webhook_endpoint", deleted: true });
  });

  app.all("*", (c) =>
    stripeError(c, 404, `Unrecognized request URL (${c.req.method}: ${c.req.path}).`),
  );
  return app;
}

function missingSubscription(c: Context) {
  return stripeError(c, 404, `No such subscription: '${c.req.param("id")}'`, {
    code: "resource_missing",
    param: "id",
  });
}

export function cancelNow(state: StripeState, subscription: StripeObject): void {
  subscription.status = "canceled";
  subscription.canceled_at = now();
  subscription.ended_at = now();
  state.emit("customer.subscription.deleted", subscription);
}
