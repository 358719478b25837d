import { sandboxStripeKeys } from "./state.ts";

/**
 * Registers `url` for the sandbox Stripe account's events through Stripe's own API
 * (POST /v1/webhook_endpoints); answers the endpoint's id, to remove it with DELETE.
 */
export async function registerStripeWebhook(sandboxUrl: string, url: string): Promise<string> {
  const response = await fetch(`${sandboxUrl}/v1/webhook_endpoints`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${sandboxStripeKeys.secretKey}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ url, "enabled_events[0]": "*" }),
  });
  if (!response.ok)
    throw new Error(`the Stripe sandbox refused the webhook endpoint: ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}
