import { createApp } from "@cadence/functions/api/app";
import { beforeAll, describe, expect, it } from "vitest";
import { call, team as makeTeam, type Person, signUp } from "../support/api.ts";
import { analyticsRoutes } from "./analytics-routes.ts";
import { autorepostRoutes } from "./autorepost-routes.ts";
import { billingOpenRoutes, billingRoutes } from "./billing-routes.ts";
import { composeRoutes } from "./compose-routes.ts";
import { connectOpenRoutes, connectRoutes } from "./connect-routes.ts";
import { feedRoutes } from "./feed-routes.ts";
import { notificationRoutes } from "./notification-routes.ts";
import { postRoutes } from "./post-routes.ts";
import {
  workspaceRoutes as memberRoutes,
  openRoutes,
  personalRoutes,
  type Role,
  type Team,
} from "./routes.ts";

const workspaceRoutes = [
  ...memberRoutes,
  ...postRoutes,
  ...connectRoutes,
  ...composeRoutes,
  ...autorepostRoutes,
  ...feedRoutes,
  ...notificationRoutes,
  ...analyticsRoutes,
  ...billingRoutes,
];

const order: Role[] = ["viewer", "editor", "admin", "owner"];
const allowed = (role: Role, minimum: Role) => order.indexOf(role) >= order.indexOf(minimum);

let a: Team;
let outsider: Person;
let outsiderKeyMade: Promise<string> | undefined;
/**
 * One editor API key of workspace B, made on first use and shared by every route's case: a key
 * per case would run into B's plan limit on API keys.
 */
function outsiderKey(): Promise<string> {
  outsiderKeyMade ??= call<{ key: string }>(
    "POST",
    `/workspaces/${outsider.workspaceId}/api-keys`,
    {
      token: outsider.accessToken,
      body: { name: "b-key", role: "editor" },
    },
  ).then((made) => {
    if (made.status !== 201) throw new Error(`B's API key: ${made.status} ${made.text}`);
    return made.body.key;
  });
  return outsiderKeyMade;
}
/** Ids and names of workspace A that must never reach workspace B's member. */
let secrets: string[];

beforeAll(async () => {
  a = await makeTeam("tenant-a");
  // A member (owner) of another workspace, B, with its own data.
  outsider = await signUp("tenant-b");
  await call("POST", "/workspaces", { token: outsider.accessToken, body: { name: "Workspace B" } });
  secrets = [
    a.workspaceId,
    "tenant-a workspace",
    a.owner.userId,
    a.owner.email,
    a.admin.email,
    a.editor.email,
  ];
}, 120_000);

describe("every route is in the matrix", () => {
  it("the OpenAPI document lists exactly the routes the matrix covers", async () => {
    const doc = (await (await createApp().request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const covered = [
      ...openRoutes.filter((r) => !r.endsWith("/openapi.json") && !r.endsWith("/docs")),
      ...connectOpenRoutes,
      ...billingOpenRoutes,
      ...personalRoutes,
      ...workspaceRoutes.map((r) => `${r.method} ${r.path}`),
    ].sort();
    expect(documented).toEqual(covered);
  });
});

// The cases of one route run side by side (each makes its own fixtures): the file spends its time
// waiting on the API, not computing. Routes whose fixtures change what the team shares, and those
// that dismantle a team (each case builds a fresh one, which is slow), take turns.
for (const route of workspaceRoutes)
  describe(`${route.method} ${route.path}`, {
    concurrent: !(route.exclusive || route.consumesTeam),
  }, () => {
    it.each(order)("as %s of the workspace", async (role) => {
      // Routes that dismantle the team get a fresh team per call.
      const team = route.consumesTeam ? await makeTeam(`consume-${role}`) : a;
      const request = await route.request(team);
      const response = await call(route.method, request.path, {
        token: team[role].accessToken,
        body: request.body,
        headers: request.headers,
      });
      if (allowed(role, route.minimum)) {
        expect(response.status, response.text).toBeGreaterThanOrEqual(200);
        expect(response.status, response.text).toBeLessThan(300);
      } else {
        expect(response.status, response.text).toBe(403);
        expect(response.body.code).toBe("role_required");
      }
    });

    it("as a member of another workspace: 404, and nothing of workspace A in the answer", async () => {
      const request = await route.request(a);
      const response = await call(route.method, request.path, {
        token: outsider.accessToken,
        body: request.body,
        headers: request.headers,
      });
      expect(response.status, response.text).toBe(404);
      expect(response.body.code).toBe("workspace_not_found");
      for (const secret of secrets.filter((s) => !request.path.includes(s))) {
        expect(response.text).not.toContain(secret);
      }
    });

    it("with an API key of another workspace: 404", async () => {
      const key = await outsiderKey();
      const request = await route.request(a);
      const response = await call(route.method, request.path, {
        token: key,
        body: request.body,
      });
      expect(response.status, response.text).toBe(404);
    });

    it("without a token: 401", async () => {
      const request = await route.request(a);
      const response = await call(route.method, request.path, { body: request.body });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe("unauthenticated");
    });
  });

describe("workspace B's lists never show workspace A", () => {
  it("B's own workspace list, members and activity hold none of A's ids, names or emails", async () => {
    const responses = await Promise.all([
      call("GET", "/me", { token: outsider.accessToken }),
      call("GET", "/workspaces", { token: outsider.accessToken }),
      call("GET", `/workspaces/${outsider.workspaceId}/members`, { token: outsider.accessToken }),
      call("GET", `/workspaces/${outsider.workspaceId}/activity`, { token: outsider.accessToken }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(200);
      for (const secret of secrets) expect(response.text).not.toContain(secret);
    }
  });
});
