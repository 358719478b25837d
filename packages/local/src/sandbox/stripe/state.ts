import { createHmac, randomBytes } from "node:crypto";

import { sandboxStripeKeys } from "./keys.ts";

export { sandboxStripeKeys };

/** The prices of the self-serve plans, found by lookup key as in a real Stripe account. */
const seededPrices = [
  { lookup_key: "cadence_starter_monthly", unit_amount: 1500, nickname: "Starter" },
  { lookup_key: "cadence_pro_monthly", unit_amount: 6500, nickname: "Pro" },
];

export type StripeObject = Record<string, unknown> & { id: string };

export interface Delivery {
  id: string;
  type: string;
  customer: string | undefined;
  payload: string;
  signature: string;
}

const month = 30 * 86_400;

/** Objects of the sandbox Stripe account, in memory, with the events their changes send. */
export class StripeState {
  readonly customers = new Map<string, StripeObject>();
  readonly prices = new Map<string, StripeObject>();
  readonly sessions = new Map<string, StripeObject & { lineItems: { price: string }[] }>();
  readonly portalSessions = new Map<string, StripeObject>();
  readonly subscriptions = new Map<string, StripeObject>();
  readonly invoices = new Map<string, StripeObject>();
  readonly endpoints = new Map<string, StripeObject & { url: string }>();
  readonly deliveries: Delivery[] = [];
  /** Replayed answers by Idempotency-Key, as Stripe keeps them for 24 hours. */
  readonly idempotent = new Map<string, { status: number; body: unknown }>();

  constructor() {
    for (const price of seededPrices) {
      const id = this.id("price");
      this.prices.set(id, {
        id,
        object: "price",
        active: true,
        currency: "usd",
        type: "recurring",
        recurring: { interval: "month", interval_count: 1 },
        product: this.id("prod"),
        created: now(),
        livemode: false,
        metadata: {},
        ...price,
      });
    }
  }

  id(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
  }

  /** A subscription on `price` for the session's customer, paid now. */
  subscribe(session: StripeObject, priceId: string): StripeObject {
    const price = this.prices.get(priceId);
    const start = now();
    const id = this.id("sub");
    const subscription: StripeObject = {
      id,
      object: "subscription",
      customer: session.customer,
      status: "active",
      created: start,
      start_date: start,
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      livemode: false,
      currency: "usd",
      metadata: (session.subscription_data as { metadata?: unknown } | undefined)?.metadata ?? {},
      items: {
        object: "list",
        data: [this.item(id, price, start)],
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
      },
      latest_invoice: null,
    };
    this.subscriptions.set(id, subscription);
    return subscription;
  }

  item(subscriptionId: string, price: StripeObject | undefined, start: number): StripeObject {
    return {
      id: this.id("si"),
      object: "subscription_item",
      subscription: subscriptionId,
      price,
      quantity: 1,
      current_period_start: start,
      current_period_end: start + month,
      created: start,
      metadata: {},
    };
  }

  /** An invoice of the subscription's price, paid or not. */
  invoice(subscription: StripeObject, paid: boolean): StripeObject {
    const items = subscription.items as { data: { price: { unit_amount: number } }[] };
    const id = this.id("in");
    const invoice: StripeObject = {
      id,
      object: "invoice",
      customer: subscription.customer,
      amount_due: items.data[0]?.price.unit_amount ?? 0,
      amount_paid: paid ? (items.data[0]?.price.unit_amount ?? 0) : 0,
      currency: "usd",
      status: paid ? "paid" : "open",
      attempt_count: 1,
      created: now(),
      livemode: false,
      parent: {
        type: "subscription_details",
        subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
      },
    };
    this.invoices.set(id, invoice);
    subscription.latest_invoice = id;
    return invoice;
  }

  /**
   * Records an event and sends it, signed as Stripe signs (`t=<unix>,v1=<HMAC-SHA256 of
   * "t.payload">`), to every registered endpoint; the list also serves tests that replay it.
   */
  emit(type: string, object: StripeObject): Delivery {
    const event = {
      id: this.id("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: now(),
      livemode: false,
      pending_webhooks: this.endpoints.size,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: structuredClone(object) },
    };
    const payload = JSON.stringify(event, null, 2);
    const delivery: Delivery = {
      id: event.id,
      type,
      customer: typeof object.customer === "string" ? object.customer : undefined,
      payload,
      signature: sign(payload, sandboxStripeKeys.webhookSecret),
    };
    this.deliveries.push(delivery);
    for (const endpoint of this.endpoints.values()) void deliver(endpoint.url, delivery);
    return delivery;
  }
}

export function now(): number {
  return Math.floor(Date.now() / 1000);
}

export function sign(payload: string, secret: string, at = now()): string {
  const v1 = createHmac("sha256", secret).update(`${at}.${payload}`).digest("hex");
  return `t=${at},v1=${v1}`;
}

/** One attempt: an endpoint that is gone (a finished test's API) only misses its copy. */
async function deliver(url: string, delivery: Delivery): Promise<void> {
  try {
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": delivery.signature },
      body: delivery.payload,
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    // Stripe would retry; tests that need every event replay them from /_stripe/events.
  }
}
