import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import type { SignatureItem } from "../db/entities/signature.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { versionConflict } from "../workspace/index.ts";
import { signaturesOfWorkspace } from "./append.ts";

export { appendSignature, applySignatures, autoAppendByAccount } from "./append.ts";

/**
 * Saved snippets of a workspace: a sign-off, hashtags, a disclaimer. A signature can be appended
 * automatically to every scheduled post going to some accounts (see append.ts); each account has
 * at most one such signature.
 */
export namespace Signature {
  /** A workspace keeps at most this many signatures. */
  export const maxPerWorkspace = 100;

  export const Info = z.object({
    id: z.string(),
    name: z.string(),
    text: z.string(),
    autoAppend: z.array(z.string()),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  function toInfo(item: SignatureItem): Info {
    return {
      id: item.signatureId,
      name: item.name,
      text: item.text,
      autoAppend: item.autoAppend,
      version: item.version,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    };
  }

  const Name = z.string().trim().min(1, "name the signature").max(80);
  const Text = z
    .string()
    .trim()
    .min(1, "write the signature's text")
    .max(500, "a signature has at most 500 characters");
  const AutoAppend = z
    .array(z.string().min(1).max(64))
    .max(50)
    .describe("Account ids whose scheduled posts get this signature appended");

  const notFound = () =>
    new VisibleError("signature_not_found", "There is no such signature in this workspace.");

  async function load(signatureId: string): Promise<SignatureItem> {
    const item = (
      await db().entities.signature.get({ workspaceId: useWorkspace(), signatureId }).go()
    ).data;
    if (!item) throw notFound();
    return item;
  }

  export async function list(): Promise<Info[]> {
    assertRole("viewer");
    return (await signaturesOfWorkspace(useWorkspace()))
      .map(toInfo)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  export async function get(signatureId: string): Promise<Info> {
    assertRole("viewer");
    return toInfo(await load(signatureId));
  }

  /**
   * The accounts exist in this workspace, and none of them already gets another signature
   * appended: with two, which one goes last would be a guess.
   */
  async function checkAutoAppend(accountIds: string[], signatureId?: string): Promise<string[]> {
    const workspaceId = useWorkspace();
    const unique = [...new Set(accountIds)];
    if (unique.length === 0) return unique;
    const listed = await db()
      .entities.account.query.byWorkspace({ workspaceId })
      .go({ pages: "all" });
    const accounts = new Map(listed.data.map((a) => [a.accountId, a]));
    for (const [index, accountId] of accountIds.entries()) {
      if (!accounts.has(accountId)) {
        throw new VisibleError(
          "account_not_found",
          "There is no such social account in this workspace.",
          `autoAppend[${index}]`,
        );
      }
    }
    for (const other of await signaturesOfWorkspace(workspaceId)) {
      if (other.signatureId === signatureId) continue;
      const taken = unique.find((id) => other.autoAppend.includes(id));
      const account = taken ? accounts.get(taken) : undefined;
      if (account) {
        throw new VisibleError(
          "auto_append_taken",
          `${account.displayName} (${account.network}) already gets the signature “${other.name}” appended. Remove it there first: an account gets one signature automatically.`,
          `autoAppend[${accountIds.indexOf(account.accountId)}]`,
        );
      }
    }
    return unique;
  }

  export const CreateInput = z.object({
    name: Name,
    text: Text,
    autoAppend: AutoAppend.default([]),
  });

  export const create = fn(CreateInput, async (input) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    if ((await signaturesOfWorkspace(workspaceId)).length >= maxPerWorkspace) {
      throw new VisibleError(
        "too_many_signatures",
        `A workspace keeps at most ${maxPerWorkspace} signatures; delete one you no longer use.`,
      );
    }
    const autoAppend = await checkAutoAppend(input.autoAppend);
    const created = await db()
      .entities.signature.create({
        workspaceId,
        signatureId: newId("sig"),
        name: input.name,
        text: input.text,
        autoAppend,
      })
      .go();
    await Activity.record({
      action: "signature.created",
      subjectType: "signature",
      subjectId: created.data.signatureId,
      summary: `Saved the signature “${input.name}”`,
    });
    return toInfo(created.data);
  });

  export const UpdateInput = z.object({
    signatureId: z.string().min(1).max(64),
    expectedVersion: z.number().int().positive(),
    name: Name.optional(),
    text: Text.optional(),
    autoAppend: AutoAppend.optional(),
  });

  export const update = fn(UpdateInput, async (input) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    const { signatureId, expectedVersion, ...changes } = input;
    const current = await load(signatureId);
    if (current.version !== expectedVersion) throw versionConflict("signature", current.version);
    const autoAppend =
      changes.autoAppend && (await checkAutoAppend(changes.autoAppend, signatureId));
    try {
      await db()
        .entities.signature.patch({ workspaceId, signatureId })
        .set({ ...changes, ...(autoAppend ? { autoAppend } : {}) })
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, expectedVersion))
        .go();
    } catch (error) {
      const latest = await load(signatureId);
      if (latest.version !== expectedVersion) throw versionConflict("signature", latest.version);
      throw error;
    }
    await Activity.record({
      action: "signature.updated",
      subjectType: "signature",
      subjectId: signatureId,
      summary: `Changed the signature “${changes.name ?? current.name}”`,
    });
    return toInfo(await load(signatureId));
  });

  export const ByIdInput = z.object({ signatureId: z.string().min(1).max(64) });

  /** Deletes the signature; posts it was appended to keep their text. */
  export const remove = fn(ByIdInput, async ({ signatureId }) => {
    assertRole("editor");
    const current = await load(signatureId);
    await db().entities.signature.delete({ workspaceId: useWorkspace(), signatureId }).go();
    await Activity.record({
      action: "signature.deleted",
      subjectType: "signature",
      subjectId: signatureId,
      summary: `Deleted the signature “${current.name}”`,
    });
  });
}
