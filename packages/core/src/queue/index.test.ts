import { describe, expect, it } from "vitest";
import { Queue } from "./index.ts";

const queued = [
  { targetId: "a", dueAt: "2031-03-03T09:00:00Z" },
  { targetId: "b", dueAt: "2031-03-04T09:00:00Z" },
  { targetId: "c", dueAt: "2031-03-05T09:00:00Z" },
  { targetId: "d", dueAt: "2031-03-06T09:00:00Z" },
];
const moved = (targetIds: string[]) =>
  Queue.reorderMoves(queued, targetIds).map(({ target, dueAt }) => [target.targetId, dueAt]);

describe("reordering an account's queue", () => {
  it("hands the named posts' own times out in the new order, the first taking the earliest", () => {
    expect(moved(["c", "a", "b"])).toEqual([
      ["c", "2031-03-03T09:00:00Z"],
      ["a", "2031-03-04T09:00:00Z"],
      ["b", "2031-03-05T09:00:00Z"],
    ]);
  });

  it("leaves posts it does not name, and named posts already at their new time, where they are", () => {
    // Swapping b and d: c is not named, and nothing else moves.
    expect(moved(["d", "b"])).toEqual([
      ["d", "2031-03-04T09:00:00Z"],
      ["b", "2031-03-06T09:00:00Z"],
    ]);
    expect(moved(["a", "b", "c"])).toEqual([]);
  });

  it("refuses an id that is not waiting in this queue, naming where it is in the list", () => {
    expect(() => moved(["a", "gone"])).toThrow(
      expect.objectContaining({ code: "not_in_queue", field: "targetIds[1]", status: 400 }),
    );
  });

  it("refuses a post named twice, which would leave a time without a post", () => {
    expect(() => moved(["a", "b", "a"])).toThrow(
      expect.objectContaining({ code: "duplicate_target", field: "targetIds" }),
    );
  });
});
