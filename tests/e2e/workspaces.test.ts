import { describe, expect, it } from "vitest";
import { call, mailTo, signUp, team } from "../support/api.ts";

type Workspace = { id: string; name: string; version: number; timeZone: string };

describe("workspaces", () => {
  it("creates, renames with the version it saw, and refuses a stale or missing version", async () => {
    const owner = await signUp("ws-owner");
    const created = await call<Workspace>("POST", "/workspaces", {
      token: owner.accessToken,
      body: { name: "Acme", timeZone: "America/New_York" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/workspaces/${created.body.id}`);
    expect(created.headers.get("etag")).toBe('"1"');

    const renamed = await call<Workspace>("PATCH", `/workspaces/${created.body.id}`, {
      token: owner.accessToken,
      headers: { "if-match": '"1"' },
      body: { name: "Acme Inc" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Acme Inc", version: 2 });

    const stale = await call("PATCH", `/workspaces/${created.body.id}`, {
      token: owner.accessToken,
      body: { name: "Lost update", version: 1 },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe("version_conflict");

    const missing = await call("PATCH", `/workspaces/${created.body.id}`, {
      token: owner.accessToken,
      body: { name: "No version" },
    });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe("version_required");

    const current = await call<Workspace>("GET", `/workspaces/${created.body.id}`, {
      token: owner.accessToken,
    });
    expect(current.body.name).toBe("Acme Inc");
  });

  it("refuses an unknown time zone with the field named", async () => {
    const owner = await signUp("tz");
    const response = await call("POST", "/workspaces", {
      token: owner.accessToken,
      body: { name: "Zoned", timeZone: "Mars/Olympus_Mons" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "invalid_input", field: "timeZone" });
  });

  it("deleting a workspace makes it answer 404 for everyone", async () => {
    const { workspaceId, owner, admin } = await team("delete");
    const byAdmin = await call("DELETE", `/workspaces/${workspaceId}`, {
      token: admin.accessToken,
    });
    expect(byAdmin.status).toBe(403);
    const removed = await call("DELETE", `/workspaces/${workspaceId}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    for (const person of [owner, admin]) {
      const get = await call("GET", `/workspaces/${workspaceId}`, { token: person.accessToken });
      expect(get.status).toBe(404);
    }
  });
});

describe("team", () => {
  it("an invited person accepts and joins with the invited role", async () => {
    const { workspaceId, owner, editor } = await team("invite");
    const members = await call<{ items: { userId: string; role: string }[] }>(
      "GET",
      `/workspaces/${workspaceId}/members`,
      { token: editor.accessToken },
    );
    expect(members.body.items.map((m) => m.role).sort()).toEqual([
      "admin",
      "editor",
      "owner",
      "viewer",
    ]);
    expect(members.body.items.find((m) => m.userId === owner.userId)?.role).toBe("owner");
  });

  it("an invitation cannot be accepted with another email, or twice", async () => {
    const owner = await signUp("inv-owner");
    const invitee = await signUp("invitee");
    const stranger = await signUp("stranger");
    await call("POST", `/workspaces/${owner.workspaceId}/invitations`, {
      token: owner.accessToken,
      body: { email: invitee.email, role: "editor" },
    });
    const [mail] = await mailTo(invitee.email);
    expect(mail?.subject).toContain("invited");
    const token = /token: (\S+)/.exec(mail?.text ?? "")?.[1];

    // Before anyone signs in, the page can say who invited whom, to what, as what.
    const preview = await call("POST", "/auth/invitation-preview", { body: { token } });
    expect(preview.status).toBe(200);
    const workspace = await call<{ name: string }>("GET", `/workspaces/${owner.workspaceId}`, {
      token: owner.accessToken,
    });
    const ownerMe = await call<{ user: { name: string } }>("GET", "/me", {
      token: owner.accessToken,
    });
    expect(preview.body).toMatchObject({
      email: invitee.email,
      role: "editor",
      workspaceName: workspace.body.name,
      inviterName: ownerMe.body.user.name,
    });
    const guessed = await call("POST", "/auth/invitation-preview", {
      body: { token: "x".repeat(43) },
    });
    expect(guessed.status).toBe(404);

    const wrong = await call("POST", "/invitations/accept", {
      token: stranger.accessToken,
      body: { token },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe("invitation_email_mismatch");

    expect(
      (await call("POST", "/invitations/accept", { token: invitee.accessToken, body: { token } }))
        .status,
    ).toBe(200);
    const twice = await call("POST", "/invitations/accept", {
      token: invitee.accessToken,
      body: { token },
    });
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe("invitation_not_found");
    // A used invitation shows nothing any more.
    expect((await call("POST", "/auth/invitation-preview", { body: { token } })).status).toBe(404);
  });

  it("a revoked invitation cannot be accepted", async () => {
    const owner = await signUp("rev-owner");
    const invitee = await signUp("rev-invitee");
    const invited = await call<{ id: string }>(
      "POST",
      `/workspaces/${owner.workspaceId}/invitations`,
      {
        token: owner.accessToken,
        body: { email: invitee.email, role: "viewer" },
      },
    );
    const revoked = await call(
      "DELETE",
      `/workspaces/${owner.workspaceId}/invitations/${invited.body.id}`,
      {
        token: owner.accessToken,
      },
    );
    expect(revoked.status).toBe(204);
    const [mail] = await mailTo(invitee.email);
    const token = /token: (\S+)/.exec(mail?.text ?? "")?.[1];
    const accept = await call("POST", "/invitations/accept", {
      token: invitee.accessToken,
      body: { token },
    });
    expect(accept.status).toBe(404);
  });

  it("roles change, only owners touch the owner role, and the last owner cannot leave", async () => {
    const { workspaceId, owner, admin, editor } = await team("roles");
    const promote = await call<{ role: string }>(
      "PATCH",
      `/workspaces/${workspaceId}/members/${editor.userId}`,
      {
        token: admin.accessToken,
        body: { role: "admin" },
      },
    );
    expect(promote.status).toBe(200);
    expect(promote.body.role).toBe("admin");

    const adminMakesOwner = await call(
      "PATCH",
      `/workspaces/${workspaceId}/members/${editor.userId}`,
      {
        token: admin.accessToken,
        body: { role: "owner" },
      },
    );
    expect(adminMakesOwner.status).toBe(403);
    expect(adminMakesOwner.body.code).toBe("role_required");

    const leave = await call("DELETE", `/workspaces/${workspaceId}/members/${owner.userId}`, {
      token: owner.accessToken,
    });
    expect(leave.status).toBe(409);
    expect(leave.body.code).toBe("last_owner");

    const demoteSelf = await call("PATCH", `/workspaces/${workspaceId}/members/${owner.userId}`, {
      token: owner.accessToken,
      body: { role: "admin" },
    });
    expect(demoteSelf.status).toBe(409);
  });

  it("ownership transfers, and the old owner becomes an admin who may then leave", async () => {
    const { workspaceId, owner, admin } = await team("transfer");
    const transfer = await call<{ items: { userId: string; role: string }[] }>(
      "POST",
      `/workspaces/${workspaceId}/transfer-ownership`,
      { token: owner.accessToken, body: { userId: admin.userId } },
    );
    expect(transfer.status).toBe(200);
    const roles = Object.fromEntries(transfer.body.items.map((m) => [m.userId, m.role]));
    expect(roles[admin.userId]).toBe("owner");
    expect(roles[owner.userId]).toBe("admin");
    const leave = await call("DELETE", `/workspaces/${workspaceId}/members/${owner.userId}`, {
      token: owner.accessToken,
    });
    expect(leave.status).toBe(204);
    expect(
      (await call("GET", `/workspaces/${workspaceId}`, { token: owner.accessToken })).status,
    ).toBe(404);
  });
});

describe("API keys", () => {
  it("a key works in place of a session, only in its workspace, until revoked", async () => {
    const { workspaceId, owner } = await team("keys");
    const created = await call<{ id: string; key: string }>(
      "POST",
      `/workspaces/${workspaceId}/api-keys`,
      {
        token: owner.accessToken,
        body: { name: "CI", role: "editor" },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^cad_key_/);

    const members = await call("GET", `/workspaces/${workspaceId}/members`, {
      token: created.body.key,
    });
    expect(members.status).toBe(200);
    const elsewhere = await call("GET", `/workspaces/${owner.workspaceId}/members`, {
      token: created.body.key,
    });
    expect(elsewhere.status).toBe(404);
    const me = await call("GET", "/me", { token: created.body.key });
    expect(me.status).toBe(403);

    const listed = await call<{ items: { id: string; lastUsedAt: string | null }[] }>(
      "GET",
      `/workspaces/${workspaceId}/api-keys`,
      { token: owner.accessToken },
    );
    expect(listed.text).not.toContain(created.body.key.split(".")[1]);
    expect(listed.body.items.find((k) => k.id === created.body.id)?.lastUsedAt).toBeTruthy();

    await call("DELETE", `/workspaces/${workspaceId}/api-keys/${created.body.id}`, {
      token: owner.accessToken,
    });
    const after = await call("GET", `/workspaces/${workspaceId}/members`, {
      token: created.body.key,
    });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("api_key_invalid");
  });

  it("an editor cannot create keys", async () => {
    const { workspaceId, editor } = await team("keys-editor");
    const response = await call("POST", `/workspaces/${workspaceId}/api-keys`, {
      token: editor.accessToken,
      body: { name: "sneaky" },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("role_required");
  });
});

describe("Idempotency-Key", () => {
  it("a retried create returns the first result and creates nothing more", async () => {
    const owner = await signUp("idem");
    const headers = { "idempotency-key": crypto.randomUUID() };
    const first = await call<Workspace>("POST", "/workspaces", {
      token: owner.accessToken,
      headers,
      body: { name: "Once" },
    });
    const second = await call<Workspace>("POST", "/workspaces", {
      token: owner.accessToken,
      headers,
      body: { name: "Once" },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const mine = await call<{ items: Workspace[] }>("GET", "/workspaces", {
      token: owner.accessToken,
    });
    expect(mine.body.items.filter((w) => w.name === "Once")).toHaveLength(1);

    const different = await call("POST", "/workspaces", {
      token: owner.accessToken,
      headers,
      body: { name: "Twice" },
    });
    expect(different.status).toBe(400);
    expect(different.body.code).toBe("idempotency_key_reused");
  });
});

describe("activity", () => {
  it("records who did what, newest first, and pages with an opaque cursor", async () => {
    const { workspaceId, owner, viewer } = await team("activity");
    const page = await call<{
      items: { action: string; actorId: string }[];
      cursor: string | null;
    }>("GET", `/workspaces/${workspaceId}/activity?limit=2`, { token: viewer.accessToken });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.cursor).toBeTruthy();
    const all = await call<{ items: { action: string; actorId: string }[] }>(
      "GET",
      `/workspaces/${workspaceId}/activity?limit=50`,
      { token: viewer.accessToken },
    );
    const actions = all.body.items.map((a) => a.action);
    expect(actions.at(-1)).toBe("workspace.created");
    expect(actions.filter((a) => a === "invitation.created")).toHaveLength(3);
    expect(actions.filter((a) => a === "member.joined")).toHaveLength(3);
    expect(all.body.items.at(-1)?.actorId).toBe(owner.userId);

    const next = await call<{ items: unknown[] }>(
      "GET",
      `/workspaces/${workspaceId}/activity?limit=2&cursor=${page.body.cursor}`,
      { token: viewer.accessToken },
    );
    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(2);

    const tampered = await call(
      "GET",
      `/workspaces/${workspaceId}/activity?cursor=${page.body.cursor}x`,
      {
        token: viewer.accessToken,
      },
    );
    expect(tampered.status).toBe(400);
    expect(tampered.body.code).toBe("invalid_cursor");
  });
});
