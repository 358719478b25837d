import { describe, expect, it } from "vitest";
import type { TargetItem } from "../db/entities/target.ts";
import { editRefusal } from "./edit-rules.ts";

type State = TargetItem["state"];
const targets = (...states: State[]) =>
  states.map((state, index) => ({ state, network: index === 0 ? "x" : "mastodon" }));

describe("editing a post", () => {
  it("goes ahead at the current version while every target is still to go out", () => {
    for (const state of [
      "draft",
      "pending_approval",
      "scheduled",
      "failed",
      "canceled",
    ] as State[]) {
      expect(editRefusal({ version: 3 }, targets(state, "scheduled"), 3), state).toBeUndefined();
    }
  });

  it("made against an older version is refused with the current one, whatever else holds", () => {
    const refusal = editRefusal({ version: 4 }, targets("publishing"), 3);
    expect(refusal).toMatchObject({
      code: "version_conflict",
      status: 412,
      field: "version",
      details: { currentVersion: 4 },
    });
  });

  it("while a target is being published is refused until it has gone out", () => {
    const refusal = editRefusal({ version: 3 }, targets("scheduled", "publishing"), 3);
    expect(refusal).toMatchObject({ code: "post_publishing", status: 409 });
    expect(refusal?.message).toContain("mastodon");
  });

  it("once a target has gone out (or awaits review) is refused: duplicate it instead", () => {
    for (const state of ["published", "needs_review"] as State[]) {
      const refusal = editRefusal({ version: 3 }, targets(state, "scheduled"), 3);
      expect(refusal, state).toMatchObject({ code: "post_not_editable", status: 409 });
      expect(refusal?.message, state).toContain(`already ${state} on x`);
    }
  });
});
