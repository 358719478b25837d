import * as z from "zod";
import { Activity } from "../activity/index.ts";
import {
  type Actor,
  assertRole,
  hasRole,
  roles,
  useRole,
  useUser,
  useWorkspace,
} from "../actor/index.ts";
import type { ApiKeyItem } from "../db/entities/api-key.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Plan } from "../plan/index.ts";
import { Usage } from "../plan/usage.ts";
import { fn } from "../util/fn.ts";
import { newId, newSecret, sha256 } from "../util/id.ts";
import "../util/zod.ts";

/**
 * Workspace API keys: `cad_<keyId>.<secret>`, shown once. A key acts in its workspace with the
 * role it was given, which is never above its creator's.
 */
export namespace ApiKey {
  export const prefix = "cad_";

  export const Info = z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(roles),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  });
  export type Info = z.infer<typeof Info>;

  function toInfo(item: ApiKeyItem): Info {
    return {
      id: item.keyId,
      name: item.name,
      role: item.role,
      createdBy: item.createdBy,
      createdAt: item.createdAt,
      lastUsedAt: item.lastUsedAt ?? null,
      revokedAt: item.revokedAt ?? null,
    };
  }

  async function loadKey(keyId: string): Promise<ApiKeyItem> {
    const item = (await db().entities.apiKey.get({ keyId }).go()).data;
    if (!item) throw new VisibleError("api_key_not_found");
    return item;
  }

  export const CreateInput = z.object({
    name: z.string().trim().min(1, "name the key after what uses it").max(80),
    role: z.enum(roles).exclude(["owner"]).default("editor"),
  });

  export const create = fn(CreateInput, async (input) => {
    assertRole("admin");
    const actor = useUser();
    const role = useRole();
    if (!hasRole(role, input.role)) {
      throw new VisibleError(
        "role_too_high",
        "A key cannot have a higher role than yours.",
        "role",
      );
    }
    const workspaceId = useWorkspace();
    const keyId = newId("key");
    const secret = newSecret();
    await Plan.requireFeature("api", workspaceId);
    await Usage.take(workspaceId, "apiKeys", ({ apiKey }) => [
      apiKey
        .create({
          keyId,
          workspaceId,
          name: input.name,
          role: input.role,
          secretHash: sha256(secret),
          createdBy: actor.userId,
        })
        .commit(),
    ]);
    const created = { data: await loadKey(keyId) };
    await Activity.record({
      action: "api_key.created",
      subjectType: "api_key",
      subjectId: keyId,
      summary: `Created API key “${input.name}” (${input.role})`,
    });
    return { ...toInfo(created.data), key: `${prefix}${keyId}.${secret}` };
  });

  export async function list(): Promise<Info[]> {
    assertRole("admin");
    const keys = await db()
      .entities.apiKey.query.byWorkspace({ workspaceId: useWorkspace() })
      .go({ pages: "all" });
    return keys.data.map(toInfo).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  export const RevokeInput = z.object({ keyId: z.string().min(1) });

  export const revoke = fn(RevokeInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const item = (await db().entities.apiKey.get({ keyId: input.keyId }).go()).data;
    if (!item || item.workspaceId !== workspaceId) {
      throw new VisibleError("api_key_not_found", "There is no such API key in this workspace.");
    }
    // A revoked key stops counting against the plan in the same write; revoking twice is a no-op.
    await Usage.give(workspaceId, "apiKeys", ({ apiKey }) => [
      apiKey
        .patch({ keyId: input.keyId })
        .set({ revokedAt: new Date().toISOString() })
        .where((attr, op) => op.notExists(attr.revokedAt))
        .commit(),
    ]);
    await Activity.record({
      action: "api_key.revoked",
      subjectType: "api_key",
      subjectId: input.keyId,
      summary: `Revoked API key “${item.name}”`,
    });
  });

  export function looksLikeKey(token: string): boolean {
    return token.startsWith(prefix);
  }

  /** Turns a presented key into an actor, or refuses it. Records last use at most once a minute. */
  export async function authenticate(token: string): Promise<Extract<Actor, { type: "apikey" }>> {
    const invalid = new VisibleError("api_key_invalid", "The API key is not valid or was revoked.");
    const [keyId, secret] = token.slice(prefix.length).split(".");
    if (!keyId?.startsWith("key_") || !secret) throw invalid;
    const item = (await db().entities.apiKey.get({ keyId }).go()).data;
    if (!item || item.revokedAt || item.secretHash !== sha256(secret)) throw invalid;
    // A workspace whose plan lost the API keeps its keys, but they answer 402 until it is back.
    await Plan.requireFeature("api", item.workspaceId);
    const now = new Date();
    if (!item.lastUsedAt || Date.parse(item.lastUsedAt) < now.getTime() - 60_000) {
      await db().entities.apiKey.patch({ keyId }).set({ lastUsedAt: now.toISOString() }).go();
    }
    return { type: "apikey", keyId, workspace: { workspaceId: item.workspaceId, role: item.role } };
  }
}
