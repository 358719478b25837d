import { connectAccount } from "../support/accounts.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const base = (team: Team) => `/workspaces/${team.workspaceId}`;

/** The analytics dashboard, its exports and suggestions, with who may call each. */
export const analyticsRoutes: WorkspaceRoute[] = [
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/analytics/summary",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/analytics/summary?days=30` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/analytics/top-posts",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/analytics/top-posts?days=7&sort=likes` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/analytics/best-times",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/analytics/best-times` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/analytics/export",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/analytics/export?days=7&kind=daily&format=json` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/analytics/weekly-email",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/analytics/weekly-email` }),
  },
  {
    method: "PUT",
    path: "/workspaces/{workspaceId}/analytics/weekly-email",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/analytics/weekly-email`, body: { enabled: false } }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/accounts/{accountId}/suggested-slots",
    minimum: "viewer",
    request: async (t) => ({
      path: `${base(t)}/accounts/${(await connectAccount(t.owner, t.workspaceId, "x")).id}/suggested-slots`,
    }),
  },
];
