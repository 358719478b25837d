import { Preset } from "@cadence/core/preset";
import { versionedCollection } from "../versioned.ts";

/** Saved sets of accounts with their overrides, and a default schedule. */
export function presetRoutes() {
  return versionedCollection({
    name: "Preset",
    noun: { one: "preset", many: "Presets" },
    segment: "presets",
    idParam: "presetId",
    tag: "Presets",
    info: Preset.Info,
    list: { summary: "The workspace's saved presets", run: () => Preset.list() },
    create: {
      input: Preset.CreateInput,
      summary: "Save a preset: accounts with their overrides, and a default schedule",
      description:
        "A new post names it with `presetId` (POST …/posts) to start from its accounts and " +
        "schedule; what the post's body gives wins over the preset.",
      problems: [409],
      run: (input) => Preset.create(input),
    },
    get: { summary: "One preset", run: (presetId) => Preset.get(presetId) },
    update: {
      input: Preset.UpdateInput.omit({ presetId: true, expectedVersion: true }),
      summary: "Change a preset's name, accounts or schedule (send the version you edited)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412. " +
        "`schedule: null` removes the preset's schedule. Posts made from it do not change.",
      run: (presetId, changes, expectedVersion) =>
        Preset.update({ ...changes, presetId, expectedVersion }),
    },
    remove: {
      summary: "Delete a preset; posts made from it stay as they are",
      run: async (presetId) => {
        await Preset.remove({ presetId });
      },
    },
  });
}
