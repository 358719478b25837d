import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, roles, useRole, useUser, useWorkspace, withActor } from "../actor/index.ts";
import type { InvitationItem } from "../db/entities/invitation.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { reserveMail, sendMail } from "../mail/index.ts";
import { Plan } from "../plan/index.ts";
import { Usage } from "../plan/usage.ts";
import { Site } from "../site/index.ts";
import { fn } from "../util/fn.ts";
import { newId, newSecret, sha256 } from "../util/id.ts";
import "../util/zod.ts";
import { Workspace } from "../workspace/index.ts";

export namespace Invitation {
  export const validDays = 7;

  export const Info = z.object({
    id: z.string(),
    email: z.string(),
    role: z.enum(roles),
    status: z.enum(["pending", "accepted", "revoked", "expired"]),
    invitedBy: z.string(),
    validUntil: z.string(),
    createdAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  function toInfo(item: InvitationItem): Info {
    const expired = item.status === "pending" && item.validUntil < new Date().toISOString();
    return {
      id: item.invitationId,
      email: item.email,
      role: item.role,
      status: expired ? "expired" : item.status,
      invitedBy: item.invitedBy,
      validUntil: item.validUntil,
      createdAt: item.createdAt,
    };
  }

  export const CreateInput = z.object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ message: "enter a valid email address" })),
    role: z.enum(roles),
    /** Where the accept link points: a page of the Cadence site; the token is appended. */
    acceptUrl: z.url().max(2048).optional(),
  });

  /** Emails an invitation with a one-time token. Admins invite; only owners invite owners. */
  export const create = fn(CreateInput, async (input) => {
    assertRole("admin");
    // Checked before anything is written: a refused link leaves no invitation behind.
    const acceptPage = Site.checkLink(input.acceptUrl, "acceptUrl");
    // The mail's allowance too: over the limit, no invitation is written that no mail announces.
    await reserveMail(input.email, useWorkspace());
    if (input.role === "owner" && useRole() !== "owner") {
      throw new VisibleError("role_required", "Only an owner can invite another owner.", "role");
    }
    const actor = useUser();
    const workspaceId = useWorkspace();
    const existing = await db()
      .entities.member.query.byWorkspace({ workspaceId })
      .where((attr, op) => op.eq(attr.email, input.email))
      .go({ pages: "all" });
    if (existing.data.length > 0) {
      throw new VisibleError(
        "already_member",
        `${input.email} is already a member of this workspace.`,
        "email",
      );
    }
    // Said before the mail goes out; joining checks again, atomically (accept below).
    const standing = await Plan.standing(workspaceId);
    const members = await Usage.used(workspaceId, "members");
    if (members >= standing.limits.members) {
      throw Usage.limitReached("members", standing.plan, members, standing.limits.members);
    }
    const token = newSecret();
    const invitationId = newId("inv");
    const validUntil = new Date(Date.now() + validDays * 86_400_000).toISOString();
    const created = await db()
      .entities.invitation.create({
        workspaceId,
        invitationId,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: actor.userId,
        validUntil,
      })
      .go();
    const workspace = await Workspace.get(workspaceId);
    const link = acceptPage ? Site.withToken(acceptPage, token) : undefined;
    await sendMail({
      allowanceTaken: true,
      to: input.email,
      subject: `You are invited to ${workspace.name} on Cadence`,
      text: [
        `${actor.email} invited you to join “${workspace.name}” as ${input.role}.`,
        link ? `Accept: ${link}` : `Your invitation token: ${token}`,
        `The invitation works for ${validDays} days.`,
      ].join("\n"),
    });
    await Activity.record({
      action: "invitation.created",
      subjectType: "invitation",
      subjectId: invitationId,
      summary: `Invited ${input.email} as ${input.role}`,
    });
    return toInfo(created.data);
  });

  export async function list(): Promise<Info[]> {
    assertRole("admin");
    const items = await db()
      .entities.invitation.query.byWorkspace({ workspaceId: useWorkspace() })
      .go({ pages: "all" });
    return items.data.map(toInfo).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  export const RevokeInput = z.object({ invitationId: z.string().min(1) });

  export const revoke = fn(RevokeInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const item = (
      await db().entities.invitation.get({ workspaceId, invitationId: input.invitationId }).go()
    ).data;
    if (!item) throw new VisibleError("invitation_not_found", "There is no such invitation.");
    await db()
      .entities.invitation.patch({ workspaceId, invitationId: input.invitationId })
      .set({ status: "revoked" })
      .go();
    await Activity.record({
      action: "invitation.revoked",
      subjectType: "invitation",
      subjectId: input.invitationId,
      summary: `Revoked the invitation for ${item.email}`,
    });
  });

  export const AcceptInput = z.object({ token: z.string().min(10).max(200) });

  const unusable = () =>
    new VisibleError(
      "invitation_not_found",
      "This invitation does not exist, was revoked, was already used or has expired. Ask for a new one.",
    );

  /**
   * What the invitation page shows before anyone signs in: who invited whom, to which workspace,
   * as what. Only the holder of the mailed token (256 random bits) can ask, and it is answered
   * for usable invitations only.
   */
  export const preview = fn(AcceptInput, async (input) => {
    const invitation = (
      await db()
        .entities.invitation.query.byToken({ tokenHash: sha256(input.token) })
        .go()
    ).data[0];
    if (invitation?.status !== "pending" || invitation.validUntil < new Date().toISOString()) {
      throw unusable();
    }
    const [workspace, inviter] = await Promise.all([
      Workspace.get(invitation.workspaceId),
      db().entities.user.get({ userId: invitation.invitedBy }).go(),
    ]);
    return {
      email: invitation.email,
      role: invitation.role,
      workspaceName: workspace.name,
      inviterName: inviter.data?.name ?? null,
      validUntil: invitation.validUntil,
    };
  });

  /** The invited person, signed in with the invited email, joins with the invited role. */
  export const accept = fn(AcceptInput, async (input) => {
    const actor = useUser();
    const found = await db()
      .entities.invitation.query.byToken({ tokenHash: sha256(input.token) })
      .go();
    const invitation = found.data[0];
    if (invitation?.status !== "pending" || invitation.validUntil < new Date().toISOString()) {
      throw unusable();
    }
    if (invitation.email !== actor.email) {
      throw new VisibleError(
        "invitation_email_mismatch",
        `This invitation is for ${invitation.email}. Sign in with that email to accept it.`,
      );
    }
    const user = (await db().entities.user.get({ userId: actor.userId }).go()).data;
    if (!user) throw unusable();
    const { workspaceId } = invitation;
    // Joining takes one of the plan's member slots, in the same transaction as the membership.
    const joined = await Usage.take(
      workspaceId,
      "members",
      ({ invitation: invitations, member }) => [
        invitations
          .patch({ workspaceId, invitationId: invitation.invitationId })
          .set({ status: "accepted" })
          .where((attr, op) => op.eq(attr.status, "pending"))
          .commit(),
        member
          .create({
            workspaceId,
            userId: user.userId,
            email: user.email,
            name: user.name,
            role: invitation.role,
          })
          .commit(),
      ],
    );
    if (!joined) throw unusable;
    await withActor({ ...actor, workspace: { workspaceId, role: invitation.role } }, () =>
      Activity.record({
        action: "member.joined",
        subjectType: "member",
        subjectId: user.userId,
        summary: `${user.name} joined as ${invitation.role}`,
      }),
    );
    return Workspace.get(workspaceId);
  });
}
