import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useUser, useWorkspace } from "../actor/index.ts";
import type { WorkspaceItem } from "../db/entities/workspace.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Plan } from "../plan/index.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { TimeZone } from "../util/zone.ts";

export namespace Workspace {
  export const Info = z.object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    approvalRequired: z.boolean(),
    latePublishWindowMinutes: z.number(),
    personal: z.boolean(),
    version: z.number(),
    createdAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  export const Name = z.string().trim().min(1, "enter a name").max(80, "use at most 80 characters");

  export function toInfo(item: WorkspaceItem): Info {
    return {
      id: item.workspaceId,
      name: item.name,
      timeZone: item.timeZone,
      approvalRequired: item.approvalRequired,
      latePublishWindowMinutes: item.latePublishWindowMinutes,
      personal: item.personal,
      version: item.version,
      createdAt: item.createdAt,
    };
  }

  export const notFound = () =>
    new VisibleError(
      "workspace_not_found",
      "There is no such workspace, or you are not a member of it.",
    );

  export const CreateInput = z.object({
    name: Name,
    timeZone: TimeZone.default("UTC"),
  });

  /** Any signed-in person can create a workspace; they become its owner. */
  export const create = fn(CreateInput, async (input) => {
    const actor = useUser();
    const user = (await db().entities.user.get({ userId: actor.userId }).go()).data;
    if (!user) throw notFound();
    const workspaceId = newId("ws");
    await db()
      .transaction.write(({ workspace, member, usage }) => [
        workspace.create({ workspaceId, name: input.name, timeZone: input.timeZone }).commit(),
        member
          .create({
            workspaceId,
            userId: user.userId,
            email: user.email,
            name: user.name,
            role: "owner",
          })
          .commit(),
        // The owner is the first member the plan counts.
        usage.create({ workspaceId, limit: "members", used: 1 }).commit(),
      ])
      .go();
    await Activity.record({
      workspaceId,
      action: "workspace.created",
      subjectType: "workspace",
      subjectId: workspaceId,
      summary: `Created workspace “${input.name}”`,
    });
    return get(workspaceId);
  });

  export async function get(workspaceId: string): Promise<Info> {
    const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
    if (!item) throw notFound();
    return toInfo(item);
  }

  /** The acting workspace (any member). */
  export async function current(): Promise<Info> {
    assertRole("viewer");
    return get(useWorkspace());
  }

  /** The signed-in person's workspaces with their role in each. */
  export async function listMine() {
    const actor = useUser();
    const members = await db()
      .entities.member.query.byUser({ userId: actor.userId })
      .go({ pages: "all" });
    const workspaces = await Promise.all(
      members.data.map(async (m) => {
        const item = (await db().entities.workspace.get({ workspaceId: m.workspaceId }).go()).data;
        return item ? { ...toInfo(item), role: m.role } : undefined;
      }),
    );
    return workspaces.filter((w) => w !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  export const UpdateInput = z.object({
    name: Name.optional(),
    timeZone: TimeZone.optional(),
    approvalRequired: z.boolean().optional(),
    latePublishWindowMinutes: z.number().int().min(0).max(1440).optional(),
    /** The version the editor saw: a newer one means someone else changed it meanwhile. */
    expectedVersion: z.number().int().positive(),
  });

  /** The settings change as a person would say it, e.g. "Set the time zone to Europe/Berlin". */
  function describeChanges(changes: Omit<z.infer<typeof UpdateInput>, "expectedVersion">): string {
    const said: string[] = [];
    if (changes.name !== undefined) said.push(`renamed the workspace “${changes.name}”`);
    if (changes.timeZone !== undefined) said.push(`set the time zone to ${changes.timeZone}`);
    if (changes.approvalRequired !== undefined)
      said.push(
        changes.approvalRequired
          ? "asked for approval before posts go out"
          : "let posts go out without approval",
      );
    if (changes.latePublishWindowMinutes !== undefined)
      said.push(
        changes.latePublishWindowMinutes === 0
          ? "stopped publishing posts that are late"
          : `let late posts go out up to ${changes.latePublishWindowMinutes} minutes after their time`,
      );
    const text = said.join(", ") || "saved the workspace settings unchanged";
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  export const update = fn(UpdateInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const { expectedVersion, ...changes } = input;
    if (changes.approvalRequired) await Plan.requireFeature("approval", workspaceId);
    try {
      await db()
        .entities.workspace.patch({ workspaceId })
        .set(changes)
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, expectedVersion))
        .go();
    } catch (error) {
      const latest = await get(workspaceId);
      if (latest.version !== expectedVersion) throw versionConflict("workspace", latest.version);
      throw error;
    }
    await Activity.record({
      action: "workspace.updated",
      subjectType: "workspace",
      subjectId: workspaceId,
      summary: describeChanges(changes),
      data: changes,
    });
    return get(workspaceId);
  });

  /** Deletes the workspace and its memberships, invitations and API keys. Owners only. */
  export async function remove(): Promise<void> {
    assertRole("owner");
    const workspaceId = useWorkspace();
    const service = db();
    const [members, invitations, keys] = await Promise.all([
      service.entities.member.query.byWorkspace({ workspaceId }).go({ pages: "all" }),
      service.entities.invitation.query.byWorkspace({ workspaceId }).go({ pages: "all" }),
      service.entities.apiKey.query.byWorkspace({ workspaceId }).go({ pages: "all" }),
    ]);
    // The workspace item goes first: from then on every route answers 404 for it.
    await service.entities.workspace.delete({ workspaceId }).go();
    await Promise.all([
      service.entities.member
        .delete(members.data.map((m) => ({ workspaceId, userId: m.userId })))
        .go(),
      service.entities.invitation
        .delete(invitations.data.map((i) => ({ workspaceId, invitationId: i.invitationId })))
        .go(),
      service.entities.apiKey.delete(keys.data.map((k) => ({ keyId: k.keyId }))).go(),
    ]);
  }
}

export function versionConflict(subject: string, currentVersion: number): VisibleError {
  return new VisibleError(
    "version_conflict",
    `Someone else changed this ${subject} since you loaded it (now version ${currentVersion}). Reload it and apply your change again.`,
    "version",
    { currentVersion },
  );
}
