import { call, mailTo, type Person, signUp } from "../support/api.ts";

export type Role = "owner" | "admin" | "editor" | "viewer";
export type Team = {
  workspaceId: string;
  owner: Person;
  admin: Person;
  editor: Person;
  viewer: Person;
};

export interface WorkspaceRoute {
  method: string;
  /** The OpenAPI path, e.g. /workspaces/{workspaceId}/members/{userId}. */
  path: string;
  /** The lowest role allowed. */
  minimum: Role;
  /**
   * Builds a fresh request against the team's workspace: the concrete path and body. Routes that
   * change or remove something get a disposable target of their own, so every call is independent.
   */
  request(team: Team): Promise<{ path: string; body?: unknown; headers?: Record<string, string> }>;
  /** True when the route changes who belongs to the team (run on a throwaway team). */
  consumesTeam?: boolean;
  /**
   * True when building the request changes state the team shares (the workspace's settings,
   * its dead-letter queue): the route's cases then run one at a time, not side by side.
   */
  exclusive?: boolean;
}

const base = (team: Team) => `/workspaces/${team.workspaceId}`;

/** A fresh viewer in the team, to change or remove. */
async function disposableMember(team: Team): Promise<Person> {
  const person = await signUp("disposable");
  await call("POST", `${base(team)}/invitations`, {
    token: team.owner.accessToken,
    body: { email: person.email, role: "viewer" },
  });
  const [mail] = await mailTo(person.email);
  const token = /token: (\S+)/.exec(mail?.text ?? "")?.[1];
  await call("POST", "/invitations/accept", { token: person.accessToken, body: { token } });
  return person;
}

/** A 1×1 PNG: the smallest real image the media module accepts. */
const onePixelPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** A media item of the team's, uploaded to storage; `ready` also completes it. */
async function disposableMedia(team: Team, state: "uploaded" | "ready"): Promise<string> {
  const started = await call<{
    media: { id: string };
    upload: { url: string; fields: Record<string, string> };
  }>("POST", `${base(team)}/media/uploads`, {
    token: team.owner.accessToken,
    body: { fileName: "matrix.png", contentType: "image/png", sizeBytes: onePixelPng.length },
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(started.body.upload.fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(onePixelPng)], { type: "image/png" }));
  await fetch(started.body.upload.url, { method: "POST", body: form });
  const mediaId = started.body.media.id;
  if (state === "ready") {
    await call("POST", `${base(team)}/media/${mediaId}/complete`, {
      token: team.owner.accessToken,
    });
  }
  return mediaId;
}

/** Every route under /workspaces/{workspaceId}, with who may call it. */
export const workspaceRoutes: WorkspaceRoute[] = [
  {
    method: "GET",
    path: "/workspaces/{workspaceId}",
    minimum: "viewer",
    request: async (t) => ({ path: base(t) }),
  },
  {
    method: "PATCH",
    path: "/workspaces/{workspaceId}",
    minimum: "admin",
    exclusive: true,
    request: async (t) => {
      const current = await call<{ version: number }>("GET", base(t), {
        token: t.owner.accessToken,
      });
      return { path: base(t), body: { approvalRequired: true, version: current.body.version } };
    },
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}",
    minimum: "owner",
    consumesTeam: true,
    request: async (t) => ({ path: base(t) }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/members",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/members` }),
  },
  {
    method: "PATCH",
    path: "/workspaces/{workspaceId}/members/{userId}",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/members/${(await disposableMember(t)).userId}`,
      body: { role: "editor" },
    }),
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}/members/{userId}",
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/members/${(await disposableMember(t)).userId}` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/transfer-ownership",
    minimum: "owner",
    consumesTeam: true,
    request: async (t) => ({
      path: `${base(t)}/transfer-ownership`,
      body: { userId: t.admin.userId },
    }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/invitations",
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/invitations` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/invitations",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/invitations`,
      body: { email: `invitee-${crypto.randomUUID()}@example.com`, role: "viewer" },
    }),
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}/invitations/{invitationId}",
    minimum: "admin",
    request: async (t) => {
      const invited = await call<{ id: string }>("POST", `${base(t)}/invitations`, {
        token: t.owner.accessToken,
        body: { email: `revoke-${crypto.randomUUID()}@example.com`, role: "viewer" },
      });
      return { path: `${base(t)}/invitations/${invited.body.id}` };
    },
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/api-keys",
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/api-keys` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/api-keys",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/api-keys`,
      body: { name: "matrix", role: "viewer" },
    }),
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}/api-keys/{keyId}",
    minimum: "admin",
    request: async (t) => {
      const key = await call<{ id: string }>("POST", `${base(t)}/api-keys`, {
        token: t.owner.accessToken,
        body: { name: "to revoke", role: "viewer" },
      });
      return { path: `${base(t)}/api-keys/${key.body.id}` };
    },
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/activity",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/activity` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/media/uploads",
    minimum: "editor",
    request: async (t) => ({
      path: `${base(t)}/media/uploads`,
      body: { fileName: "matrix.png", contentType: "image/png", sizeBytes: 100 },
    }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/media/{mediaId}/complete",
    minimum: "editor",
    request: async (t) => ({
      path: `${base(t)}/media/${await disposableMedia(t, "uploaded")}/complete`,
    }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/media/{mediaId}/fit",
    minimum: "editor",
    request: async (t) => ({
      path: `${base(t)}/media/${await disposableMedia(t, "ready")}/fit`,
      body: { network: "x" },
    }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/media",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/media?query=matrix` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/media/{mediaId}",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/media/${await disposableMedia(t, "ready")}` }),
  },
  {
    method: "PATCH",
    path: "/workspaces/{workspaceId}/media/{mediaId}",
    minimum: "editor",
    request: async (t) => ({
      path: `${base(t)}/media/${await disposableMedia(t, "ready")}`,
      body: { altText: "A single pixel", version: 1 },
    }),
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}/media/{mediaId}",
    minimum: "editor",
    request: async (t) => ({ path: `${base(t)}/media/${await disposableMedia(t, "ready")}` }),
  },
];

/** Routes outside any workspace: open to everyone, or to any signed-in person. */
export const openRoutes = [
  "GET /health",
  // The stage outbox: open on stages without a mail sender (test data only), else 404.
  "GET /outbox",
  "GET /openapi.json",
  "GET /docs",
  "POST /auth/sign-up",
  "POST /auth/sign-up/confirm",
  "POST /auth/sign-in",
  "POST /auth/refresh",
  "POST /auth/password-reset/request",
  "POST /auth/password-reset/confirm",
  "POST /auth/email-change/confirm",
  "POST /auth/invitation-preview",
  // The mailed one-click unsubscribe (a signed token, no session) and the event list.
  "POST /unsubscribe",
  "GET /event-types",
];
export const personalRoutes = [
  "GET /me",
  "PATCH /me",
  "POST /me/password",
  "POST /me/email",
  "GET /networks",
  "POST /auth/sign-out",
  "POST /auth/sign-out-everywhere",
  "POST /auth/sign-out-others",
  "GET /workspaces",
  "POST /workspaces",
  "POST /invitations/accept",
];
