import { Resource } from "sst";
import type Stripe from "stripe";
import type { PlanId } from "../plan/catalogue.ts";

let client: Stripe | undefined;

/**
 * The one Stripe client, through the official SDK. CADENCE_STRIPE_API_URL points it at another
 * host (the local stack's stand-in); unset, as in AWS, it talks to api.stripe.com. The SDK is
 * loaded on first use: it is most of a megabyte, and only billing routes and Stripe's webhooks
 * need it, not the API's start.
 */
export async function stripe(): Promise<Stripe> {
  if (client) return client;
  const { default: StripeSdk } = await import("stripe");
  const base = process.env.CADENCE_STRIPE_API_URL;
  const url = base ? new URL(base) : undefined;
  client = new StripeSdk(Resource.StripeSecretKey.value, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
    ...(url
      ? {
          host: url.hostname,
          port: url.port || (url.protocol === "https:" ? 443 : 80),
          protocol: url.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
  return client;
}

export function webhookSecret(): string {
  return Resource.StripeWebhookSecret.value;
}

/**
 * Each self-serve plan's monthly Price carries this lookup key in Stripe, so no price id is
 * configured anywhere: checkout finds the price by key, and a subscription's plan is read back
 * from its price's key.
 */
export function lookupKeyOf(plan: PlanId): string {
  return `cadence_${plan}_monthly`;
}

export function planOfLookupKey(key: string | null | undefined): PlanId | undefined {
  const match = /^cadence_(free|starter|pro|enterprise)_monthly$/.exec(key ?? "");
  return match?.[1] as PlanId | undefined;
}
