import { Invitation } from "@cadence/core/invitation";
import { Member } from "@cadence/core/member";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, versionFrom, WorkspaceParams } from "../schemas.ts";

const tags = ["Team"];
const MemberInfo = Member.Info.openapi("Member");
const InvitationInfo = Invitation.Info.openapi("Invitation");
const MemberParams = WorkspaceParams.extend({
  userId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "userId", in: "path" } }),
});
const InvitationParams = WorkspaceParams.extend({
  invitationId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "invitationId", in: "path" } }),
});

export function memberRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/members",
      tags,
      security,
      operationId: "listMembers",
      summary: "List the workspace's members and their roles",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(MemberInfo) }), "Members"),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json({ items: await Member.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/workspaces/{workspaceId}/members/{userId}",
      tags,
      security,
      operationId: "updateMember",
      summary: "Change a member's role (only owners grant or remove owner)",
      request: {
        params: MemberParams,
        ...body(
          z
            .object({ role: Member.Role, version: z.number().int().positive().optional() })
            .openapi("MemberUpdate"),
        ),
      },
      responses: { 200: json(MemberInfo, "Updated"), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const { role, version } = c.req.valid("json");
      const expectedVersion = versionFrom(c.req.header("if-match"), version);
      return c.json(await Member.changeRole({ userId, role, expectedVersion }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspaces/{workspaceId}/members/{userId}",
      tags,
      security,
      operationId: "removeMember",
      summary: "Remove a member, or leave (your own user id); the last owner cannot leave",
      request: { params: MemberParams },
      responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      await Member.remove({ userId: c.req.valid("param").userId });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/transfer-ownership",
      tags,
      security,
      operationId: "transferOwnership",
      summary: "Make another member the owner; you become an admin",
      request: {
        params: WorkspaceParams,
        ...body(Member.TransferInput.openapi("TransferOwnership")),
      },
      responses: {
        200: json(z.object({ items: z.array(MemberInfo) }), "Members after the transfer"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await Member.transferOwnership(c.req.valid("json")) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/invitations",
      tags,
      security,
      operationId: "listInvitations",
      summary: "List invitations (admins)",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(InvitationInfo) }), "Invitations"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await Invitation.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/invitations",
      tags,
      security,
      operationId: "createInvitation",
      summary: "Invite someone by email with a role",
      request: {
        params: WorkspaceParams,
        ...body(Invitation.CreateInput.openapi("InvitationCreate")),
      },
      responses: { 201: json(InvitationInfo, "Invited"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const invitation = await Invitation.create(c.req.valid("json"));
      c.header(
        "location",
        `/workspaces/${c.req.valid("param").workspaceId}/invitations/${invitation.id}`,
      );
      return c.json(invitation, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspaces/{workspaceId}/invitations/{invitationId}",
      tags,
      security,
      operationId: "revokeInvitation",
      summary: "Revoke an invitation",
      request: { params: InvitationParams },
      responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await Invitation.revoke({ invitationId: c.req.valid("param").invitationId });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/invitations/accept",
      tags,
      security,
      operationId: "acceptInvitation",
      summary: "Accept an invitation (signed in with the invited email)",
      request: body(Invitation.AcceptInput.openapi("InvitationAccept")),
      responses: {
        200: json(z.object({ workspaceId: z.string(), name: z.string() }), "Joined"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const workspace = await Invitation.accept(c.req.valid("json"));
      return c.json({ workspaceId: workspace.id, name: workspace.name }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/invitation-preview",
      tags,
      security: [],
      operationId: "previewInvitation",
      summary: "Who invited the token's holder, to which workspace, as what role",
      description:
        "For the invitation page before sign-in: the invited email (to pre-fill), the workspace, the role and the inviter's name. Only usable invitations answer.",
      request: body(Invitation.AcceptInput.openapi("InvitationToken")),
      responses: {
        200: json(
          z
            .object({
              email: z.string(),
              role: z.string(),
              workspaceName: z.string(),
              inviterName: z.string().nullable(),
              validUntil: z.string(),
            })
            .openapi("InvitationPreview"),
          "The invitation",
        ),
        ...problems(400, 404),
      },
    }),
    async (c) => c.json(await Invitation.preview(c.req.valid("json")), 200),
  );

  return app;
}
