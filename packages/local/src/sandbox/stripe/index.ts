import { Hono } from "hono";
import { stripeApi } from "./api.ts";
import { stripeControl, stripePages } from "./pages.ts";
import { StripeState } from "./state.ts";

export { sandboxStripeKeys } from "./state.ts";

/**
 * A stand-in for Stripe as far as Cadence uses it, mounted on the sandbox server: the REST API
 * at /v1 (the SDK is pointed here with its host, port and protocol options), the hosted
 * Checkout and Portal pages at /stripe, and test controls at /_stripe.
 */
export function stripeSandbox(state = new StripeState()) {
  const app = new Hono();
  app.route("/v1", stripeApi(state));
  app.route("/stripe", stripePages(state));
  app.route("/_stripe", stripeControl(state));
  return app;
}
