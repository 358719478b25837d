/**
 * The sandbox Stripe account's test-mode keys: what a stage that uses the stand-in configures
 * Cadence with. Plain data with no imports, so infra/ can read it.
 */
export const sandboxStripeKeys = {
  secretKey: "sk_test_cadence_sandbox",
  webhookSecret: "whsec_cadence_sandbox_signing_secret",
};
