import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import type { PresetItem } from "../db/entities/preset.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Overrides, CreateInput as PostCreateInput, TargetInput } from "../post/schema.ts";
import { Schedule } from "../schedule/index.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { versionConflict } from "../workspace/index.ts";

/**
 * Saved sets of accounts, each with its overrides, and a default schedule: "the usual launch
 * announcement". A new post names a preset to start from it (see `fill`).
 */
export namespace Preset {
  /** A workspace keeps at most this many presets. */
  export const maxPerWorkspace = 100;

  const Targets = z.array(TargetInput).min(1, "choose at least one account").max(50);

  export const Info = z.object({
    id: z.string(),
    name: z.string(),
    targets: z.array(z.object({ accountId: z.string(), overrides: Overrides })),
    schedule: Schedule.Intent.nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  type StoredTarget = { accountId: string; overrides: Overrides };

  function toInfo(item: PresetItem): Info {
    return {
      id: item.presetId,
      name: item.name,
      targets: item.targets as StoredTarget[],
      schedule: (item.schedule as Schedule.Intent | undefined) ?? null,
      version: item.version,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    };
  }

  const notFound = (field?: string) =>
    new VisibleError("preset_not_found", "There is no such preset in this workspace.", field);

  async function load(presetId: string, field?: string): Promise<PresetItem> {
    const item = (await db().entities.preset.get({ workspaceId: useWorkspace(), presetId }).go())
      .data;
    if (!item) throw notFound(field);
    return item;
  }

  async function presetsOfWorkspace(workspaceId: string): Promise<PresetItem[]> {
    return (await db().entities.preset.query.byWorkspace({ workspaceId }).go({ pages: "all" }))
      .data;
  }

  export async function list(): Promise<Info[]> {
    assertRole("viewer");
    return (await presetsOfWorkspace(useWorkspace()))
      .map(toInfo)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  export async function get(presetId: string): Promise<Info> {
    assertRole("viewer");
    return toInfo(await load(presetId));
  }

  /** Each account once, and each one of this workspace's. */
  async function checkTargets(targets: StoredTarget[]): Promise<void> {
    const seen = new Set<string>();
    for (const [index, { accountId }] of targets.entries()) {
      if (seen.has(accountId)) {
        throw new VisibleError(
          "duplicate_account",
          "Each account can appear once in a preset.",
          `targets[${index}].accountId`,
        );
      }
      seen.add(accountId);
      const account = (
        await db().entities.account.get({ workspaceId: useWorkspace(), accountId }).go()
      ).data;
      if (!account) {
        throw new VisibleError(
          "account_not_found",
          "There is no such social account in this workspace.",
          `targets[${index}].accountId`,
        );
      }
    }
  }

  const Name = z.string().trim().min(1, "name the preset").max(80);

  export const CreateInput = z.object({
    name: Name,
    targets: Targets,
    schedule: Schedule.Intent.optional().describe(
      "The schedule a post from this preset starts with",
    ),
  });

  export const create = fn(CreateInput, async (input) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    if ((await presetsOfWorkspace(workspaceId)).length >= maxPerWorkspace) {
      throw new VisibleError(
        "too_many_presets",
        `A workspace keeps at most ${maxPerWorkspace} presets; delete one you no longer use.`,
      );
    }
    await checkTargets(input.targets);
    const created = await db()
      .entities.preset.create({
        workspaceId,
        presetId: newId("pre"),
        name: input.name,
        targets: input.targets,
        schedule: input.schedule,
      })
      .go();
    await Activity.record({
      action: "preset.created",
      subjectType: "preset",
      subjectId: created.data.presetId,
      summary: `Saved the preset “${input.name}” for ${input.targets.length} account${input.targets.length === 1 ? "" : "s"}`,
    });
    return toInfo(created.data);
  });

  export const UpdateInput = z.object({
    presetId: z.string().min(1).max(64),
    expectedVersion: z.number().int().positive(),
    name: Name.optional(),
    targets: Targets.optional(),
    /** null clears the preset's schedule. */
    schedule: Schedule.Intent.nullable().optional(),
  });

  export const update = fn(UpdateInput, async (input) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    const { presetId, expectedVersion, schedule, ...changes } = input;
    const current = await load(presetId);
    if (current.version !== expectedVersion) throw versionConflict("preset", current.version);
    if (changes.targets) await checkTargets(changes.targets);
    try {
      const patch = db()
        .entities.preset.patch({ workspaceId, presetId })
        .set({ ...changes, ...(schedule ? { schedule } : {}) });
      await (schedule === null ? patch.remove(["schedule"]) : patch)
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, expectedVersion))
        .go();
    } catch (error) {
      const latest = await load(presetId);
      if (latest.version !== expectedVersion) throw versionConflict("preset", latest.version);
      throw error;
    }
    await Activity.record({
      action: "preset.updated",
      subjectType: "preset",
      subjectId: presetId,
      summary: `Changed the preset “${changes.name ?? current.name}”`,
    });
    return toInfo(await load(presetId));
  });

  export const ByIdInput = z.object({ presetId: z.string().min(1).max(64) });

  /** Deletes the preset; posts made from it keep their accounts and schedule. */
  export const remove = fn(ByIdInput, async ({ presetId }) => {
    assertRole("editor");
    const current = await load(presetId);
    await db().entities.preset.delete({ workspaceId: useWorkspace(), presetId }).go();
    await Activity.record({
      action: "preset.deleted",
      subjectType: "preset",
      subjectId: presetId,
      summary: `Deleted the preset “${current.name}”`,
    });
  });

  /** A new post's input that may name a preset instead of listing accounts and a schedule. */
  export const PostInput = z.object({
    ...PostCreateInput.shape,
    presetId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("Start from a preset: it fills `targets` and `schedule` when the body has none"),
    targets: PostCreateInput.shape.targets.optional(),
    schedule: Schedule.Intent.optional(),
  });
  export type PostInput = z.infer<typeof PostInput>;

  /**
   * The post input with the preset's accounts and schedule filled in. What the body gives wins
   * whole: its `targets` replace the preset's list, its `schedule` the preset's schedule; the
   * preset fills only what the body leaves out, and a post with neither is a draft.
   */
  export async function fill(input: PostInput): Promise<z.input<typeof PostCreateInput>> {
    assertRole("editor");
    const { presetId, ...post } = input;
    const preset = presetId ? await load(presetId, "presetId") : undefined;
    const targets = post.targets ?? (preset?.targets as StoredTarget[] | undefined);
    if (!targets) {
      throw new VisibleError(
        "invalid_input",
        "targets: choose at least one account, or name a preset with `presetId`.",
        "targets",
      );
    }
    return {
      ...post,
      targets,
      schedule: post.schedule ?? (preset?.schedule as Schedule.Intent | undefined),
    };
  }
}
