import { describe, expect, it } from "vitest";
import type { Role } from "../actor/index.ts";
import type { State } from "../target/fields.ts";
import { lateTarget, mayDecide, needsApproval, statesAfter } from "./rules.ts";

const everyone: (Role | "system")[] = ["viewer", "editor", "admin", "owner", "system"];

describe("who may approve", () => {
  it("owners and admins decide; editors and viewers cannot approve their own or others' posts", () => {
    expect(everyone.filter(mayDecide)).toEqual(["admin", "owner", "system"]);
  });

  it("in a workspace that asks for approval, only editors' posts wait for it", () => {
    expect(everyone.filter((role) => needsApproval(true, role))).toEqual(["editor"]);
  });

  it("in a workspace that does not ask for it, nobody's post waits", () => {
    expect(everyone.filter((role) => needsApproval(false, role))).toEqual([]);
  });
});

describe("what a decision does to the targets", () => {
  const states: State[] = ["pending_approval", "published", "pending_approval", "canceled"];

  it("approval schedules every waiting target and leaves the others as they are", () => {
    expect(statesAfter(states, "approve")).toEqual([
      "scheduled",
      "published",
      "scheduled",
      "canceled",
    ]);
  });

  it("rejection sends the waiting targets back to draft", () => {
    expect(statesAfter(states, "reject")).toEqual(["draft", "published", "draft", "canceled"]);
  });
});

describe("approving a post whose time has passed", () => {
  const now = Date.parse("2026-05-01T12:00:00Z");
  const waiting = (dueAt: string) => ({ state: "pending_approval" as State, dueAt });

  it("is refused when a waiting target was due more than a minute ago", () => {
    const late = waiting("2026-05-01T11:58:00Z");
    expect(lateTarget([waiting("2026-05-02T09:00:00Z"), late], now)).toBe(late);
  });

  it("is allowed within the minute it takes to press the button, and for future times", () => {
    expect(lateTarget([waiting("2026-05-01T11:59:30Z")], now)).toBeUndefined();
    expect(lateTarget([waiting("2026-05-01T12:30:00Z")], now)).toBeUndefined();
  });

  it("ignores targets that no longer wait, and waiting targets with no time (drafts)", () => {
    const published = { state: "published" as State, dueAt: "2026-04-01T09:00:00Z" };
    expect(lateTarget([published, { state: "pending_approval", dueAt: "" }], now)).toBeUndefined();
  });
});
