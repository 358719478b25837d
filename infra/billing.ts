import { sandboxStripeKeys } from "../packages/local/src/sandbox/stripe/keys";
import { sandbox } from "./networks";

// Stripe's keys for this stage.
//
// Production: SST secrets set by a person from the Stripe dashboard,
// `sst secret set StripeSecretKey sk_live_… --stage production` and
// `sst secret set StripeWebhookSecret whsec_… --stage production` (the signing secret of the
// endpoint <api>/billing/stripe/webhook, subscribed to customer.subscription.*,
// checkout.session.completed and invoice.*). The plans' monthly prices carry the lookup keys
// cadence_starter_monthly and cadence_pro_monthly (docs/plans.md).
//
// Stages with the sandbox: its Stripe stand-in and test-mode keys, so checkout runs offline.
export const stripeSecretKey = sandbox
  ? new sst.Linkable("StripeSecretKey", { properties: { value: sandboxStripeKeys.secretKey } })
  : new sst.Secret("StripeSecretKey");

export const stripeWebhookSecret = sandbox
  ? new sst.Linkable("StripeWebhookSecret", {
      properties: { value: sandboxStripeKeys.webhookSecret },
    })
  : new sst.Secret("StripeWebhookSecret");

/** Where the SDK sends requests: the stand-in on sandbox stages, else Stripe's own API. */
export const stripeEnvironment: Record<string, $util.Input<string>> = sandbox
  ? { CADENCE_STRIPE_API_URL: sandbox.url }
  : {};
