import { Billing } from "@cadence/core/billing";
import { call, type Person } from "./api.ts";

/** Puts a workspace on a plan outside Stripe, as the operator command does. */
export function onPlan(workspaceId: string, plan: "free" | "starter" | "pro" | "enterprise") {
  return Billing.assign({ workspaceId, plan });
}

const sandbox = () => process.env.CADENCE_NETWORKS_URL ?? "";

export interface StripeDelivery {
  id: string;
  type: string;
  payload: string;
  signature: string;
}

/** Every event the Stripe stand-in sent about `customer`, in the order it sent them. */
export async function stripeEvents(customer: string): Promise<StripeDelivery[]> {
  const response = await fetch(`${sandbox()}/_stripe/events?customer=${customer}`);
  return (await response.json()) as StripeDelivery[];
}

/** Posts one delivery to the API's webhook route, as Stripe would. */
export function deliver(delivery: Pick<StripeDelivery, "payload" | "signature">) {
  return call<{ applied: boolean; type: string }>("POST", "/billing/stripe/webhook", {
    raw: delivery.payload,
    headers: { "content-type": "application/json", "stripe-signature": delivery.signature },
  });
}

/** Fills the stand-in's hosted Checkout page with `card`; answers where it sent the browser. */
export async function payCheckout(url: string, card: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    body: new URLSearchParams({ cardNumber: card, expiry: "12 / 34", cvc: "123" }),
    redirect: "manual",
  });
}

/** A site page Stripe may send people back to. */
export function sitePage(path: string): string {
  const origin = (process.env.CADENCE_WEB_ORIGINS ?? "").split(",")[0] || siteOrigin();
  return `${origin}${path}`;
}

function siteOrigin(): string {
  const raw = process.env.SST_RESOURCE_Web;
  return raw ? new URL((JSON.parse(raw) as { url: string }).url).origin : "";
}

/** Starts checkout for `plan` as `owner` and pays it with `card`. */
export async function subscribe(
  owner: Person,
  workspaceId: string,
  plan: "starter" | "pro",
  card = "4242 4242 4242 4242",
) {
  const started = await call<{ url: string }>(
    "POST",
    `/workspaces/${workspaceId}/billing/checkout`,
    {
      token: owner.accessToken,
      body: { plan, successUrl: sitePage("/billing?paid=1"), cancelUrl: sitePage("/billing") },
    },
  );
  if (started.status !== 200) throw new Error(`checkout failed: ${started.text}`);
  return { started, paid: await payCheckout(started.body.url, card) };
}

/** Replays what the stand-in sent about the workspace's customer (all of it, in order). */
export async function deliverAll(customer: string): Promise<void> {
  for (const event of await stripeEvents(customer)) {
    const answer = await deliver(event);
    if (answer.status !== 200) throw new Error(`webhook refused: ${answer.text}`);
  }
}
