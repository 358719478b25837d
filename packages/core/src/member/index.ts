import * as z from "zod";
import { Activity } from "../activity/index.ts";
import {
  type Actor,
  assertRole,
  roles,
  useActor,
  useRole,
  useWorkspace,
  type WorkspaceScope,
} from "../actor/index.ts";
import type { MemberItem } from "../db/entities/member.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Usage } from "../plan/usage.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import { versionConflict, Workspace } from "../workspace/index.ts";

export namespace Member {
  export const Role = z.enum(roles);
  export const Info = z.object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    version: z.number(),
    joinedAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  function toInfo(item: MemberItem): Info {
    return {
      userId: item.userId,
      email: item.email,
      name: item.name,
      role: item.role,
      version: item.version,
      joinedAt: item.createdAt,
    };
  }

  const notFound = () =>
    new VisibleError("member_not_found", "There is no such member in this workspace.");

  /**
   * The actor's scope in a workspace: their membership (users) or the key's own workspace (API
   * keys). Anything else is "not found", so ids of other tenants reveal nothing.
   */
  export async function scope(actor: Actor, workspaceId: string): Promise<WorkspaceScope> {
    if (actor.type === "apikey") {
      if (actor.workspace.workspaceId !== workspaceId) throw Workspace.notFound();
      return actor.workspace;
    }
    if (actor.type !== "user") throw Workspace.notFound();
    const [member, workspace] = await Promise.all([
      db().entities.member.get({ workspaceId, userId: actor.userId }).go(),
      db().entities.workspace.get({ workspaceId }).go(),
    ]);
    if (!member.data || !workspace.data) throw Workspace.notFound();
    return { workspaceId, role: member.data.role };
  }

  export async function list(): Promise<Info[]> {
    assertRole("viewer");
    const members = await db()
      .entities.member.query.byWorkspace({ workspaceId: useWorkspace() })
      .go({ pages: "all" });
    return members.data.map(toInfo).sort((a, b) => a.name.localeCompare(b.name));
  }

  async function load(userId: string): Promise<MemberItem> {
    const item = (await db().entities.member.get({ workspaceId: useWorkspace(), userId }).go())
      .data;
    if (!item) throw notFound();
    return item;
  }

  async function owners(): Promise<MemberItem[]> {
    const members = await db()
      .entities.member.query.byWorkspace({ workspaceId: useWorkspace() })
      .go({ pages: "all" });
    return members.data.filter((m) => m.role === "owner");
  }

  const lastOwner = () =>
    new VisibleError(
      "last_owner",
      "A workspace needs at least one owner. Make someone else an owner first, or delete the workspace.",
    );

  /** Only owners hand out or take away the owner role. */
  function assertCanManage(target: MemberItem["role"], next?: MemberItem["role"]) {
    if ((target === "owner" || next === "owner") && useRole() !== "owner") {
      throw new VisibleError("role_required", "Only an owner can grant or remove the owner role.");
    }
  }

  export const ChangeRoleInput = z.object({
    userId: z.string().min(1),
    role: Role,
    expectedVersion: z.number().int().positive().optional(),
  });

  export const changeRole = fn(ChangeRoleInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const member = await load(input.userId);
    assertCanManage(member.role, input.role);
    if (input.expectedVersion !== undefined && member.version !== input.expectedVersion) {
      throw versionConflict("member", member.version);
    }
    if (member.role === "owner" && input.role !== "owner" && (await owners()).length <= 1) {
      throw lastOwner();
    }
    await db()
      .entities.member.patch({ workspaceId, userId: input.userId })
      .set({ role: input.role })
      .add({ version: 1 })
      .where((attr, op) => op.eq(attr.version, member.version))
      .go()
      .catch(async () => {
        throw versionConflict("member", (await load(input.userId)).version);
      });
    await Activity.record({
      action: "member.role_changed",
      subjectType: "member",
      subjectId: input.userId,
      summary: `Changed ${member.name}'s role from ${member.role} to ${input.role}`,
    });
    return toInfo(await load(input.userId));
  });

  export const RemoveInput = z.object({ userId: z.string().min(1) });

  /** Admins remove members; anyone may leave. The last owner cannot go. */
  export const remove = fn(RemoveInput, async (input) => {
    const actor = useActor();
    const leaving = actor.type === "user" && actor.userId === input.userId;
    if (!leaving) assertRole("admin");
    const workspaceId = useWorkspace();
    const member = await load(input.userId);
    if (!leaving) assertCanManage(member.role);
    if (member.role === "owner" && (await owners()).length <= 1) throw lastOwner();
    // The member stops counting against the plan in the same write that removes them.
    const removed = await Usage.give(workspaceId, "members", ({ member: members }) => [
      members
        .delete({ workspaceId, userId: input.userId })
        .where((attr, op) => op.exists(attr.role))
        .commit(),
    ]);
    if (!removed) throw notFound();
    await Activity.record({
      action: leaving ? "member.left" : "member.removed",
      subjectType: "member",
      subjectId: input.userId,
      summary: leaving ? `${member.name} left the workspace` : `Removed ${member.name}`,
    });
  });

  export const TransferInput = z.object({ userId: z.string().min(1) });

  /** The owner hands ownership to another member and becomes an admin. */
  export const transferOwnership = fn(TransferInput, async (input) => {
    assertRole("owner");
    const actor = useActor();
    if (actor.type !== "user") throw notFound();
    if (input.userId === actor.userId) {
      throw new VisibleError("already_owner", "You already own this workspace.", "userId");
    }
    const workspaceId = useWorkspace();
    const target = await load(input.userId);
    await db()
      .transaction.write(({ member }) => [
        member
          .patch({ workspaceId, userId: target.userId })
          .set({ role: "owner" })
          .add({ version: 1 })
          .commit(),
        member
          .patch({ workspaceId, userId: actor.userId })
          .set({ role: "admin" })
          .add({ version: 1 })
          .commit(),
      ])
      .go();
    await Activity.record({
      action: "workspace.ownership_transferred",
      subjectType: "member",
      subjectId: target.userId,
      summary: `Transferred ownership to ${target.name}`,
    });
    return list();
  });
}
