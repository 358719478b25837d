import { call } from "../support/api.ts";
import { sitePage } from "../support/billing.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const base = (team: Team) => `/workspaces/${team.workspaceId}`;
const checkoutBody = {
  plan: "starter",
  successUrl: sitePage("/app/billing?paid=1"),
  cancelUrl: sitePage("/app/billing"),
};

/** Stripe calls it, signed, with no bearer token. */
export const billingOpenRoutes = ["POST /billing/stripe/webhook"];

/** The plan and paying for it: every member reads it, only owners manage it. */
export const billingRoutes: WorkspaceRoute[] = [
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/billing",
    minimum: "viewer",
    request: async (team) => ({ path: `${base(team)}/billing` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/billing/checkout",
    minimum: "owner",
    request: async (team) => ({ path: `${base(team)}/billing/checkout`, body: checkoutBody }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/billing/portal",
    minimum: "owner",
    // The portal needs the workspace's Stripe customer, which starting a checkout makes.
    request: async (team) => {
      await call("POST", `${base(team)}/billing/checkout`, {
        token: team.owner.accessToken,
        body: checkoutBody,
      });
      return {
        path: `${base(team)}/billing/portal`,
        body: { returnUrl: sitePage("/app/billing") },
      };
    },
  },
  {
    method: "PUT",
    path: "/workspaces/{workspaceId}/billing/paused-accounts",
    minimum: "owner",
    // Pauses nothing (the team is within its plan), which resumes nothing either.
    request: async (team) => ({
      path: `${base(team)}/billing/paused-accounts`,
      body: { accountIds: [] },
    }),
  },
];
